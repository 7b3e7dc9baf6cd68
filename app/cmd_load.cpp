// `fundwatch load`: copies a CSV directory into the contract's MySQL tables
// (creating them if absent), and `fundwatch ddl`: prints those tables' DDL.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/args.h"
#include "app/commands.h"
#include "app/source_factory.h"
#include "connectors/csv/csv_source.h"
#include "connectors/mysql/ddl.h"
#include "connectors/mysql/mysql_loader.h"
#include "connectors/mysql/mysql_url.h"

namespace fundwatch {
namespace {

constexpr size_t kShownRejects = 20;
constexpr const char* kLoadUsage =
    "usage: fundwatch load --data DIR --into mysql://USER@HOST:PORT/DB [--rejects REJECTS.jsonl] [--batch N]\n"
    "       (the password is read from FUNDWATCH_MYSQL_PASSWORD)\n";

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

int UsageError(const std::string& message) {
  std::fprintf(stderr, "fundwatch load: %s\n%s", message.c_str(), kLoadUsage);
  return kExitUsage;
}

// Receives every reject: all go to the JSONL file, the first few to the console.
struct RejectLog {
  std::FILE* out = nullptr;
  std::vector<Reject> shown;
  int64_t total = 0;

  void Add(const Reject& reject) {
    ++total;
    if (out != nullptr) {
      std::string line = reject.ToJson();
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), out);
    }
    if (shown.size() < kShownRejects) shown.push_back(reject);
  }
};

// `zh` padded with spaces to 14 terminal columns (its CJK characters are 3 bytes, 2 columns).
std::string PadChinese(std::string_view zh) {
  int pad = 14 - static_cast<int>(zh.size() / 3 * 2);
  return std::string(zh) + std::string(pad > 0 ? pad : 0, ' ');
}

void PrintTableLine(const TableDef& def, const TableLoadStats& s, const char* failed) {
  std::printf("  %-14s %s %10lld %10lld %10lld %8.2f%s\n", std::string(def.name).c_str(),
              PadChinese(def.zh_name).c_str(), static_cast<long long>(s.read), static_cast<long long>(s.loaded),
              static_cast<long long>(s.rejected), s.seconds, failed);
}

void PrintRejects(const RejectLog& log, const std::string& rejects_path) {
  if (log.total == 0) return;
  std::printf("\n被拒绝的行 rejected rows (%lld):\n", static_cast<long long>(log.total));
  for (const Reject& r : log.shown) std::printf("  %s\n", r.ToText().c_str());
  if (log.total > static_cast<int64_t>(log.shown.size())) {
    std::printf("  ... %lld more%s\n", static_cast<long long>(log.total - static_cast<int64_t>(log.shown.size())),
                rejects_path.empty() ? " (use --rejects FILE to keep every one)" : "");
  }
  if (!rejects_path.empty()) std::printf("  all rejects written to %s\n", rejects_path.c_str());
}

struct LoadArgs {
  std::string data_dir;
  MysqlUrl url;
  std::string rejects_path;
  MysqlLoadOptions options;
};

Result<LoadArgs> ParseLoadArgs(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"data", "into", "rejects", "batch"}, {});
  if (!args.ok()) return args.status();
  Result<std::string> data = args->Require("data");
  if (!data.ok()) return data.status();
  Result<std::string> into = args->Require("into");
  if (!into.ok()) return into.status();
  std::error_code ec;
  if (!std::filesystem::is_directory(*data, ec)) {
    return Status::InvalidArgument("--data '" + *data + "' is not a directory");
  }
  Result<MysqlUrl> url = MysqlUrl::Parse(*into);
  if (!url.ok()) return url.status();
  Result<int64_t> batch = args->GetInt("batch", MysqlLoadOptions{}.batch_rows);
  if (!batch.ok()) return batch.status();
  if (*batch < 1 || *batch > MysqlLoadOptions::kMaxBatchRows) {
    return Status::InvalidArgument("--batch must be 1.." + std::to_string(MysqlLoadOptions::kMaxBatchRows));
  }
  LoadArgs out{*data, *url, args->GetOr("rejects", ""), {}};
  out.options.batch_rows = static_cast<int>(*batch);
  return out;
}

// Loads every table, printing one line per table as it finishes and the
// summary at the end. Returns the failures (a table that could not be read
// or written); the other tables are loaded regardless.
std::vector<Status> LoadAll(const LoadArgs& args, MysqlLoader& loader, RejectLog* log) {
  auto start = std::chrono::steady_clock::now();
  CsvSource source(args.data_dir);
  std::printf("装载 load: %s -> %s\n\n", args.data_dir.c_str(), args.url.ToString().c_str());
  std::printf("  %-14s %s %10s %10s %10s %8s\n", "table", PadChinese("表").c_str(), "read", "loaded", "rejected",
              "seconds");
  TableLoadStats total;
  std::vector<Status> failures;
  for (const TableDef& def : AllTables()) {
    TableLoadStats stats;
    Status s = loader.LoadTable(def, source, [log](const Reject& r) { log->Add(r); }, &stats);
    PrintTableLine(def, stats, s.ok() ? "" : "  FAILED");
    std::fflush(stdout);
    total.read += stats.read;
    total.loaded += stats.loaded;
    total.rejected += stats.rejected;
    if (!s.ok()) failures.push_back(s);
  }
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("  %-14s %-14s %10lld %10lld %10lld %8.2f\n", "total", "", static_cast<long long>(total.read),
              static_cast<long long>(total.loaded), static_cast<long long>(total.rejected), total.seconds);
  for (const std::string& note : source.notes()) std::printf("  note: %s\n", note.c_str());
  PrintRejects(*log, args.rejects_path);
  std::printf("\nelapsed %.2f s, %.0f rows/s\n", total.seconds,
              total.seconds > 0 ? static_cast<double>(total.read) / total.seconds : 0.0);
  return failures;
}

}  // namespace

int RunDdl(const std::vector<std::string>& argv) {
  if (!argv.empty()) {
    std::fprintf(stderr, "fundwatch ddl: takes no options (got '%s')\nusage: fundwatch ddl > schema.sql\n",
                 argv[0].c_str());
    return kExitUsage;
  }
  std::string ddl = MysqlDdl();
  std::fwrite(ddl.data(), 1, ddl.size(), stdout);
  return kExitOk;
}

int RunLoad(const std::vector<std::string>& argv) {
  Result<LoadArgs> args = ParseLoadArgs(argv);
  if (!args.ok()) return UsageError(args.status().message());
  FilePtr rejects_file(nullptr, &std::fclose);
  if (!args->rejects_path.empty()) {
    rejects_file.reset(std::fopen(args->rejects_path.c_str(), "wb"));
    if (!rejects_file) return UsageError("cannot write " + args->rejects_path);
  }
  Result<std::unique_ptr<MysqlLoader>> loader = MysqlLoader::Connect(args->url, MysqlPasswordFromEnv(), args->options);
  if (!loader.ok()) {
    std::fprintf(stderr, "fundwatch load: %s\n", loader.status().message().c_str());
    return kExitUsage;
  }
  if (Status s = (*loader)->CreateTables(); !s.ok()) {
    std::fprintf(stderr, "fundwatch load: %s\n", s.message().c_str());
    return kExitFailure;
  }
  RejectLog log;
  log.out = rejects_file.get();
  std::vector<Status> failures = LoadAll(*args, **loader, &log);
  if (failures.empty()) return kExitOk;
  bool usage = true;
  for (const Status& f : failures) {
    std::fprintf(stderr, "fundwatch load: %s\n", f.message().c_str());
    usage = usage && f.code() == Status::Code::kInvalidArgument;
  }
  return usage ? kExitUsage : kExitFailure;
}

}  // namespace fundwatch
