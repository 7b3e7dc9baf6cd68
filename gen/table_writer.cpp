#include "gen/table_writer.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "gen/csv_text.h"

namespace fundwatch::gen {
namespace {

constexpr size_t kFlushBytes = 256 * 1024;

void AppendLength(std::string& buffer, uint32_t n) {
  char bytes[4];
  std::memcpy(bytes, &n, 4);
  buffer.append(bytes, 4);
}

bool WriteRecord(std::FILE* out, std::string_view record) {
  return std::fwrite(record.data(), 1, record.size(), out) == record.size() &&
         std::fputc('\n', out) != EOF;
}

}  // namespace

TableWriter::TableWriter(Table table, std::string temp_dir, int64_t expected_rows, uint64_t seed)
    : table_(table),
      temp_dir_(std::move(temp_dir)),
      seed_(seed),
      rng_(seed, std::string("bucket:") + std::string(TableName(table))) {
  const int64_t k = std::max<int64_t>(1, (expected_rows + kBucketRows - 1) / kBucketRows);
  buckets_.resize(static_cast<size_t>(k));
}

TableWriter::~TableWriter() {
  for (const Bucket& b : buckets_) {
    if (!b.path.empty()) std::remove(b.path.c_str());
  }
}

Status TableWriter::Open() {
  for (size_t i = 0; i < buckets_.size(); ++i) {
    Bucket& b = buckets_[i];
    b.path = temp_dir_ + "/" + std::string(TableName(table_)) + "." + std::to_string(i) + ".bucket";
    std::FILE* f = std::fopen(b.path.c_str(), "wb");
    if (f == nullptr) return Status::IoError("cannot create " + b.path);
    std::fclose(f);
    b.buffer.reserve(kFlushBytes + 4096);
  }
  return Status::Ok();
}

Status TableWriter::FlushBucket(Bucket& bucket) {
  if (bucket.buffer.empty()) return Status::Ok();
  std::FILE* f = std::fopen(bucket.path.c_str(), "ab");
  if (f == nullptr) return Status::IoError("cannot append to " + bucket.path);
  const bool ok = std::fwrite(bucket.buffer.data(), 1, bucket.buffer.size(), f) == bucket.buffer.size();
  if (std::fclose(f) != 0 || !ok) return Status::IoError("cannot write " + bucket.path);
  bucket.buffer.clear();
  return Status::Ok();
}

void TableWriter::Add(std::string_view record) {
  Bucket& b = buckets_[buckets_.size() == 1 ? 0 : rng_.Below(buckets_.size())];
  AppendLength(b.buffer, static_cast<uint32_t>(record.size()));
  b.buffer.append(record);
  ++regular_rows_;
  if (b.buffer.size() >= kFlushBytes && error_.ok()) error_ = FlushBucket(b);
}

void TableWriter::AddRow(const Row& row) { Add(SerializeRow(row)); }

void TableWriter::Inject(uint32_t position_ppm, std::string record,
                         std::optional<PlannedReject> reject) {
  injected_.push_back(Injected{std::min<uint32_t>(position_ppm, 1000000), injected_.size(),
                               std::move(record), std::move(reject)});
}

bool TableWriter::WriteInjectedUpTo(int64_t row_index, std::FILE* out, int64_t* line, size_t* next,
                                    std::vector<PlacedReject>* rejects) {
  while (*next < injected_.size()) {
    const Injected& inj = injected_[*next];
    const int64_t at = static_cast<int64_t>(static_cast<__int128>(regular_rows_) * inj.position_ppm / 1000000);
    if (at > row_index) break;
    if (inj.reject.has_value()) {
      rejects->push_back(PlacedReject{TableFile(table_), *line, inj.reject->column, inj.reject->reason});
    }
    if (!WriteRecord(out, inj.record)) return false;
    *line += 1 + CountNewlines(inj.record);
    ++*next;
  }
  return true;
}

Status TableWriter::WriteBucketShuffled(size_t index, std::FILE* out, int64_t* row_index,
                                        int64_t* line, size_t* next_injected,
                                        std::vector<PlacedReject>* rejects) {
  const Bucket& b = buckets_[index];
  std::string data;
  {
    std::FILE* f = std::fopen(b.path.c_str(), "rb");
    if (f == nullptr) return Status::IoError("cannot read " + b.path);
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    data.resize(static_cast<size_t>(size));
    const bool ok = std::fread(data.data(), 1, data.size(), f) == data.size();
    std::fclose(f);
    if (!ok) return Status::IoError("cannot read " + b.path);
  }
  std::remove(b.path.c_str());
  std::vector<std::string_view> records;
  for (size_t pos = 0; pos + 4 <= data.size();) {
    uint32_t n = 0;
    std::memcpy(&n, data.data() + pos, 4);
    records.emplace_back(data.data() + pos + 4, n);
    pos += 4 + n;
  }
  Prng rng(seed_, std::string("shuffle:") + std::string(TableName(table_)), index);
  rng.Shuffle(records);
  for (std::string_view record : records) {
    if (!WriteInjectedUpTo(*row_index, out, line, next_injected, rejects) || !WriteRecord(out, record)) {
      return Status::IoError("cannot write " + TableFile(table_));
    }
    *line += 1 + CountNewlines(record);
    ++*row_index;
  }
  return Status::Ok();
}

Status TableWriter::Finish(const std::string& out_path, std::vector<PlacedReject>* rejects) {
  if (!error_.ok()) return error_;
  for (Bucket& b : buckets_) {
    Status s = FlushBucket(b);
    if (!s.ok()) return s;
    std::string().swap(b.buffer);
  }
  std::stable_sort(injected_.begin(), injected_.end(), [](const Injected& a, const Injected& b) {
    return a.position_ppm < b.position_ppm;
  });
  std::FILE* out = std::fopen(out_path.c_str(), "wb");
  if (out == nullptr) return Status::IoError("cannot create " + out_path);
  std::vector<char> io_buffer(1 << 20);
  std::setvbuf(out, io_buffer.data(), _IOFBF, io_buffer.size());
  std::string header;
  for (std::string_view column : Columns(table_)) {
    if (!header.empty()) header.push_back(',');
    header.append(column);
  }
  Status status = WriteRecord(out, header) ? Status::Ok() : Status::IoError("cannot write " + out_path);
  int64_t row_index = 0;
  int64_t line = 2;
  size_t next_injected = 0;
  for (size_t i = 0; i < buckets_.size() && status.ok(); ++i) {
    status = WriteBucketShuffled(i, out, &row_index, &line, &next_injected, rejects);
  }
  if (status.ok() && !WriteInjectedUpTo(INT64_MAX, out, &line, &next_injected, rejects)) {
    status = Status::IoError("cannot write " + out_path);
  }
  if (std::fclose(out) != 0 && status.ok()) status = Status::IoError("cannot close " + out_path);
  for (Bucket& b : buckets_) b.path.clear();
  return status;
}

}  // namespace fundwatch::gen
