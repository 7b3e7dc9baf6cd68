#include "connectors/csv/csv_reader.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/common/utf8.h"

namespace fundwatch {
namespace {

namespace fs = std::filesystem;

constexpr size_t kChunk = size_t{1} << 20;  // the reader's chunk size

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("fundwatch_csv_reader_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) const {
    fs::path p = path_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    BOOST_TEST_REQUIRE(out.good());
    return p.string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Item {
  CsvReader::Outcome outcome;
  int64_t line;
  std::vector<std::string> fields;
  std::string error;
};

// Reads every row from `path` (a regular file or a FIFO).
std::vector<Item> ReadPath(const std::string& path, size_t content_size) {
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open(path);
  BOOST_TEST_REQUIRE(opened.ok());
  CsvReader& reader = **opened;
  std::vector<Item> items;
  for (;;) {
    CsvReader::Outcome o = reader.Next();
    if (o == CsvReader::Outcome::kEnd) break;
    Item item{o, reader.line(), {}, o == CsvReader::Outcome::kMalformed ? reader.error() : ""};
    if (o == CsvReader::Outcome::kRow) item.fields.assign(reader.fields().begin(), reader.fields().end());
    items.push_back(std::move(item));
    BOOST_TEST_REQUIRE(items.size() < 1000000u);  // guard against a reader that never ends
  }
  BOOST_TEST((reader.Next() == CsvReader::Outcome::kEnd));  // stays at the end
  BOOST_TEST(reader.io_status().ok());
  BOOST_TEST(reader.bytes_read() == content_size);
  return items;
}

// Reads every row of `content` twice: written to a temp file (which the
// reader maps) and written through a FIFO (which it reads in 1 MB chunks, so
// rows and quotes straddle chunk boundaries). Both must read the same.
std::vector<Item> ReadAll(const std::string& content) {
  TempDir dir;
  std::vector<Item> mapped = ReadPath(dir.Write("t.csv", content), content.size());
  const std::string fifo = (dir.path() / "t.fifo").string();
  BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  });
  std::vector<Item> chunked = ReadPath(fifo, content.size());
  writer.join();
  BOOST_TEST_REQUIRE(chunked.size() == mapped.size());
  for (size_t i = 0; i < mapped.size(); ++i) {
    BOOST_TEST((chunked[i].outcome == mapped[i].outcome));
    BOOST_TEST(chunked[i].line == mapped[i].line);
    BOOST_TEST((chunked[i].fields == mapped[i].fields));
    BOOST_TEST(chunked[i].error == mapped[i].error);
  }
  return mapped;
}

using V = std::vector<std::string>;

void ExpectRow(const Item& item, int64_t line, const V& fields) {
  BOOST_TEST((item.outcome == CsvReader::Outcome::kRow));
  BOOST_TEST(item.line == line);
  BOOST_TEST(item.fields == fields, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(plain_rows) {
  std::vector<Item> items = ReadAll("a,b,c\n1,2,3\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  ExpectRow(items[0], 1, {"a", "b", "c"});
  ExpectRow(items[1], 2, {"1", "2", "3"});
}

BOOST_AUTO_TEST_CASE(empty_fields) {
  std::vector<Item> items = ReadAll("a,,c\n,\n,x,\n");
  BOOST_TEST_REQUIRE(items.size() == 3u);
  ExpectRow(items[0], 1, {"a", "", "c"});
  ExpectRow(items[1], 2, {"", ""});
  ExpectRow(items[2], 3, {"", "x", ""});
}

BOOST_AUTO_TEST_CASE(quoted_commas_and_doubled_quotes) {
  std::vector<Item> items = ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"\",\"\"\"\"\n");
  BOOST_TEST_REQUIRE(items.size() == 1u);
  ExpectRow(items[0], 1, {"a,b", "say \"hi\"", "", "\""});
}

BOOST_AUTO_TEST_CASE(newline_inside_quotes_and_next_line_number) {
  std::vector<Item> items = ReadAll("h1,h2\n1,\"line one\nline two\nline three\"\n2,x\n3,\"a\r\nb\"\n4,y\n");
  BOOST_TEST_REQUIRE(items.size() == 5u);
  ExpectRow(items[0], 1, {"h1", "h2"});
  ExpectRow(items[1], 2, {"1", "line one\nline two\nline three"});
  ExpectRow(items[2], 5, {"2", "x"});
  ExpectRow(items[3], 6, {"3", "a\r\nb"});
  ExpectRow(items[4], 8, {"4", "y"});
}

BOOST_AUTO_TEST_CASE(crlf_lf_and_mixed_line_ends) {
  std::vector<Item> crlf = ReadAll("a,b\r\n1,2\r\n3,4\r\n");
  BOOST_TEST_REQUIRE(crlf.size() == 3u);
  ExpectRow(crlf[0], 1, {"a", "b"});
  ExpectRow(crlf[1], 2, {"1", "2"});
  ExpectRow(crlf[2], 3, {"3", "4"});

  std::vector<Item> mixed = ReadAll("a,b\r\n1,2\n3,\"x\"\r\n\"5\",6\n7,8");
  BOOST_TEST_REQUIRE(mixed.size() == 5u);
  ExpectRow(mixed[0], 1, {"a", "b"});
  ExpectRow(mixed[1], 2, {"1", "2"});
  ExpectRow(mixed[2], 3, {"3", "x"});
  ExpectRow(mixed[3], 4, {"5", "6"});
  ExpectRow(mixed[4], 5, {"7", "8"});
}

BOOST_AUTO_TEST_CASE(byte_order_mark_is_skipped) {
  std::vector<Item> items = ReadAll("\xEF\xBB\xBF" "feedetl_sn,cnt\r\nF1,1\r\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  ExpectRow(items[0], 1, {"feedetl_sn", "cnt"});
  ExpectRow(items[1], 2, {"F1", "1"});
  // Only at the very start: later the bytes are data.
  std::vector<Item> later = ReadAll("a\n\xEF\xBB\xBF" "b\n");
  BOOST_TEST_REQUIRE(later.size() == 2u);
  ExpectRow(later[1], 2, {"\xEF\xBB\xBF" "b"});
  // A BOM-only file has no rows.
  BOOST_TEST(ReadAll("\xEF\xBB\xBF").empty());
}

BOOST_AUTO_TEST_CASE(no_trailing_newline) {
  std::vector<Item> items = ReadAll("a,b\n1,2");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  ExpectRow(items[1], 2, {"1", "2"});
  std::vector<Item> quoted = ReadAll("a,b\n1,\"2\"");
  BOOST_TEST_REQUIRE(quoted.size() == 2u);
  ExpectRow(quoted[1], 2, {"1", "2"});
  std::vector<Item> trailing_comma = ReadAll("a,b\n1,");
  BOOST_TEST_REQUIRE(trailing_comma.size() == 2u);
  ExpectRow(trailing_comma[1], 2, {"1", ""});
  std::vector<Item> cr = ReadAll("a,b\r");
  BOOST_TEST_REQUIRE(cr.size() == 1u);
  ExpectRow(cr[0], 1, {"a", "b"});
}

BOOST_AUTO_TEST_CASE(blank_lines_skipped_and_counted) {
  std::vector<Item> items = ReadAll("\n\na,b\n\n\n1,2\r\n\r\n3,4\n\n");
  BOOST_TEST_REQUIRE(items.size() == 3u);
  ExpectRow(items[0], 3, {"a", "b"});
  ExpectRow(items[1], 6, {"1", "2"});
  ExpectRow(items[2], 8, {"3", "4"});
}

BOOST_AUTO_TEST_CASE(empty_and_header_only_files) {
  BOOST_TEST(ReadAll("").empty());
  BOOST_TEST(ReadAll("\n\n\r\n").empty());
  std::vector<Item> header = ReadAll("a,b,c\n");
  BOOST_TEST_REQUIRE(header.size() == 1u);
  ExpectRow(header[0], 1, {"a", "b", "c"});
  std::vector<Item> bare = ReadAll("a,b,c");
  BOOST_TEST_REQUIRE(bare.size() == 1u);
  ExpectRow(bare[0], 1, {"a", "b", "c"});
}

BOOST_AUTO_TEST_CASE(chinese_text) {
  std::vector<Item> items =
      ReadAll("category,content\n拒收,\"患者反映：药店拒收医保卡，称\"\"系统故障\"\"。\"\n收费,重复收费\n");
  BOOST_TEST_REQUIRE(items.size() == 3u);
  ExpectRow(items[1], 2, {"拒收", "患者反映：药店拒收医保卡，称\"系统故障\"。"});
  ExpectRow(items[2], 3, {"收费", "重复收费"});
}

BOOST_AUTO_TEST_CASE(unterminated_quote_at_eof) {
  std::vector<Item> items = ReadAll("a,b\n1,2\n3,\"never\nclosed,4\n5,6\n");
  BOOST_TEST_REQUIRE(items.size() == 3u);
  ExpectRow(items[1], 2, {"1", "2"});
  BOOST_TEST((items[2].outcome == CsvReader::Outcome::kMalformed));
  BOOST_TEST(items[2].line == 3);  // where the row starts
  BOOST_TEST(items[2].error == "unterminated quoted field in column 2");
}

BOOST_AUTO_TEST_CASE(character_after_closing_quote) {
  std::vector<Item> items = ReadAll("a,b\n\"x\"y,2\n3,4\n\"p\nq\" r,5\n6,7\n");
  BOOST_TEST_REQUIRE(items.size() == 5u);
  ExpectRow(items[0], 1, {"a", "b"});
  BOOST_TEST((items[1].outcome == CsvReader::Outcome::kMalformed));
  BOOST_TEST(items[1].line == 2);
  BOOST_TEST(items[1].error ==
             "unexpected character 'y' after closing quote in column 1 (a quote inside a quoted field is written \"\")");
  ExpectRow(items[2], 3, {"3", "4"});  // the reader goes on with the next line
  BOOST_TEST((items[3].outcome == CsvReader::Outcome::kMalformed));
  BOOST_TEST(items[3].line == 4);  // a multi-line quoted field before the junk
  BOOST_TEST(items[3].error ==
             "unexpected character ' ' after closing quote in column 1 (a quote inside a quoted field is written \"\")");
  ExpectRow(items[4], 6, {"6", "7"});
}

BOOST_AUTO_TEST_CASE(error_about_a_chinese_character_is_valid_utf8) {
  // Errors become reject reasons in REJECTS.jsonl, which must be valid UTF-8:
  // the offending character must not be cut to its first byte.
  std::vector<Item> items = ReadAll("\"坏\"引号,1\nnext\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST((items[0].outcome == CsvReader::Outcome::kMalformed));
  BOOST_TEST(items[0].line == 1);
  BOOST_TEST(IsValidUtf8(items[0].error));
  BOOST_TEST(items[0].error.find("after closing quote in column 1") != std::string::npos);
  ExpectRow(items[1], 2, {"next"});
}

BOOST_AUTO_TEST_CASE(bad_quote_in_a_later_column) {
  std::vector<Item> items = ReadAll("1,\"ok\",\"bad\"x,4\n5,6\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST((items[0].outcome == CsvReader::Outcome::kMalformed));
  BOOST_TEST(items[0].error ==
             "unexpected character 'x' after closing quote in column 3 (a quote inside a quoted field is written \"\")");
  ExpectRow(items[1], 2, {"5", "6"});
}

BOOST_AUTO_TEST_CASE(row_longer_than_a_chunk) {
  std::string big(3 * kChunk, 'x');
  for (size_t i = 1000; i < big.size(); i += 100000) big[i] = ',';
  big[kChunk + 7] = '\n';
  big[2 * kChunk + 3] = '"';
  std::string quoted;  // the field as written in the file, quotes doubled
  for (char c : big) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  std::string content = "id,payload,tail\n1,\"" + quoted + "\",end\n2,small,row\n";
  std::vector<Item> items = ReadAll(content);
  BOOST_TEST_REQUIRE(items.size() == 3u);
  BOOST_TEST((items[1].outcome == CsvReader::Outcome::kRow));
  BOOST_TEST_REQUIRE(items[1].fields.size() == 3u);
  BOOST_TEST(items[1].fields[0] == "1");
  BOOST_TEST((items[1].fields[1] == big));
  BOOST_TEST(items[1].fields[2] == "end");
  ExpectRow(items[2], 4, {"2", "small", "row"});  // one newline inside the big field
}

BOOST_AUTO_TEST_CASE(unquoted_row_longer_than_a_chunk) {
  std::string big(kChunk + kChunk / 2, 'y');
  std::vector<Item> items = ReadAll("a," + big + "\nb,c\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST_REQUIRE(items[0].fields.size() == 2u);
  BOOST_TEST((items[0].fields[1] == big));
  ExpectRow(items[1], 2, {"b", "c"});
}

BOOST_AUTO_TEST_CASE(crlf_split_across_the_chunk_boundary) {
  // The first read ends between '\r' and '\n'.
  std::string first(kChunk - 1, 'a');
  std::vector<Item> items = ReadAll(first + "\r\nb\r\nc\r\n");
  BOOST_TEST_REQUIRE(items.size() == 3u);
  BOOST_TEST((items[0].fields == V{first}));
  ExpectRow(items[1], 2, {"b"});
  ExpectRow(items[2], 3, {"c"});
}

BOOST_AUTO_TEST_CASE(blank_crlf_split_across_the_chunk_boundary) {
  std::string first(kChunk - 3, 'a');
  // "a...a\r\n" then a blank "\r\n" whose '\r' is the last byte of the first read.
  std::vector<Item> items = ReadAll(first + "\r\n\r\nb\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  ExpectRow(items[1], 3, {"b"});
}

BOOST_AUTO_TEST_CASE(doubled_quote_split_across_the_chunk_boundary) {
  // The first read ends between the two quotes of a doubled quote.
  std::string body(kChunk - 2, 'q');
  std::string content = "\"" + body + "\"\"\",z\nnext\n";
  std::vector<Item> items = ReadAll(content);
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST_REQUIRE(items[0].fields.size() == 2u);
  BOOST_TEST((items[0].fields[0] == body + "\""));
  BOOST_TEST(items[0].fields[1] == "z");
  ExpectRow(items[1], 2, {"next"});
}

BOOST_AUTO_TEST_CASE(closing_quote_at_the_chunk_boundary) {
  // The closing quote is the last byte of the first read.
  std::string body(kChunk - 2, 'q');
  std::vector<Item> items = ReadAll("\"" + body + "\"\nnext\n");
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST((items[0].fields == V{body}));
  ExpectRow(items[1], 2, {"next"});
}

BOOST_AUTO_TEST_CASE(hundred_thousand_rows) {
  const int n = 100000;
  std::string content = "feedetl_sn,note,cnt\r\n";
  for (int i = 0; i < n; ++i) {
    std::string id = "F" + std::to_string(i);
    if (i % 1000 == 0) {
      content += id + ",\"two\nlines, \"\"quoted\"\"\"," + std::to_string(i) + "\r\n";
    } else {
      content += id + ",plain," + std::to_string(i) + (i % 2 ? "\n" : "\r\n");
    }
  }
  TempDir dir;
  std::string path = dir.Write("big.csv", content);
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open(path);
  BOOST_TEST_REQUIRE(opened.ok());
  CsvReader& reader = **opened;
  BOOST_TEST_REQUIRE((reader.Next() == CsvReader::Outcome::kRow));
  int rows = 0;
  int64_t expected_line = 2;
  for (CsvReader::Outcome o; (o = reader.Next()) != CsvReader::Outcome::kEnd;) {
    if (o != CsvReader::Outcome::kRow) BOOST_FAIL("row " << rows << " malformed: " << reader.error());
    const std::vector<std::string_view>& f = reader.fields();
    if (f.size() != 3 || f[0] != "F" + std::to_string(rows) || f[2] != std::to_string(rows) ||
        reader.line() != expected_line) {
      BOOST_FAIL("row " << rows << " read wrongly at line " << reader.line() << ", expected " << expected_line);
    }
    if (rows % 1000 == 0 && f[1] != "two\nlines, \"quoted\"") BOOST_FAIL("row " << rows << " quoted field wrong");
    expected_line += rows % 1000 == 0 ? 2 : 1;
    ++rows;
  }
  BOOST_TEST(rows == n);
  BOOST_TEST(reader.bytes_read() == content.size());
}

// A mapped file's pages behind the reader are let go as it goes: reading a
// file of 200 MB leaves well under that of the mapping resident, and every
// row (some straddling the points where pages are let go) reads whole.
BOOST_AUTO_TEST_CASE(mapped_pages_are_let_go_behind_the_reader) {
  std::string row(1000, 'r');
  row += '\n';
  std::string content;
  content.reserve(200u << 20);
  int n = 0;
  while (content.size() < (200u << 20)) {
    content += std::to_string(n++) + ",\"" + row + "\"," + row;
  }
  TempDir dir;
  const std::string path = dir.Write("big.csv", content);
  std::string().swap(content);
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open(path);
  BOOST_TEST_REQUIRE(opened.ok());
  CsvReader& reader = **opened;
  int rows = 0;
  for (CsvReader::Outcome o; (o = reader.Next()) != CsvReader::Outcome::kEnd; ++rows) {
    const std::vector<std::string_view>& f = reader.fields();
    if (o != CsvReader::Outcome::kRow || f.size() != 3 || f[0] != std::to_string(rows) || f[1] != row ||
        f[2].size() != 1000) {
      BOOST_FAIL("row " << rows << " read wrongly");
    }
  }
  BOOST_TEST(rows == n);
  // The mapping's resident size, from /proc/self/smaps.
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_map = false;
  int64_t rss_kb = -1;
  while (std::getline(smaps, line)) {
    if (line.find(path) != std::string::npos) {
      in_map = true;
    } else if (in_map && line.rfind("Rss:", 0) == 0) {
      rss_kb = std::stoll(line.substr(4));
      break;
    }
  }
  BOOST_TEST_REQUIRE(rss_kb >= 0);  // the file is mapped
  BOOST_TEST(rss_kb < 100 * 1024);
}

// A mapped file cut short while it is read (another program rewriting the
// extract) stops the run with exit status 1 and a message naming the
// file, not a crash by SIGBUS. Run in a child process.
BOOST_AUTO_TEST_CASE(a_file_that_shrinks_while_read_stops_the_run_naming_it) {
  std::string content = "id,payload\n";
  for (int i = 0; content.size() < (1u << 20); ++i) content += std::to_string(i) + "," + std::string(50, 'p') + "\n";
  TempDir dir;
  const std::string path = dir.Write("shrinking.csv", content);
  int err[2];
  BOOST_TEST_REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  BOOST_TEST_REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err[1], STDERR_FILENO);
    Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open(path);
    if (!opened.ok()) ::_exit(3);
    (*opened)->Next();
    if (::truncate(path.c_str(), 100) != 0) ::_exit(4);
    while ((*opened)->Next() != CsvReader::Outcome::kEnd) {
    }
    ::_exit(0);  // not reached: the rows past the first page are gone
  }
  ::close(err[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<size_t>(n));
  ::close(err[0]);
  int status = 0;
  BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_TEST_REQUIRE(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 1);
  BOOST_TEST(message.find(path) != std::string::npos);
  BOOST_TEST(message.find("shrank while it was being read") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(open_missing_file_fails) {
  TempDir dir;
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open((dir.path() / "absent.csv").string());
  BOOST_TEST_REQUIRE(!opened.ok());
  BOOST_TEST((opened.status().code() == Status::Code::kIoError));
  BOOST_TEST(opened.status().message().find("absent.csv") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
