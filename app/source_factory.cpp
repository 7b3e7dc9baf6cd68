#include "app/source_factory.h"

#include <cstdlib>
#include <filesystem>

#include "connectors/csv/csv_source.h"
#include "connectors/mysql/mysql_source.h"
#include "connectors/mysql/mysql_url.h"

namespace fundwatch {

std::string MysqlPasswordFromEnv() {
  const char* p = std::getenv("FUNDWATCH_MYSQL_PASSWORD");
  return p == nullptr ? "" : p;
}

Result<std::unique_ptr<RecordSource>> OpenSource(const std::string& spec) {
  if (spec.rfind("mysql://", 0) == 0) {
    Result<MysqlUrl> url = MysqlUrl::Parse(spec);
    if (!url.ok()) return url.status();
    Result<std::unique_ptr<MysqlSource>> source = MysqlSource::Connect(*url, MysqlPasswordFromEnv());
    if (!source.ok()) return source.status();
    return std::unique_ptr<RecordSource>(std::move(*source));
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(spec, ec)) {
    return Status::InvalidArgument("data source '" + spec +
                                   "' is neither a directory of CSV files nor a mysql://USER@HOST:PORT/DB URL");
  }
  return std::unique_ptr<RecordSource>(std::make_unique<CsvSource>(spec));
}

}  // namespace fundwatch
