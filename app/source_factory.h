// Opens the data source named on the command line: a directory of CSV files
// or `mysql://USER@HOST:PORT/DATABASE` (password from FUNDWATCH_MYSQL_PASSWORD).
#pragma once

#include <memory>
#include <string>

#include "engine/data/record_source.h"

namespace fundwatch {

Result<std::unique_ptr<RecordSource>> OpenSource(const std::string& spec);
// The password for MySQL URLs: FUNDWATCH_MYSQL_PASSWORD, empty when unset.
std::string MysqlPasswordFromEnv();

}  // namespace fundwatch
