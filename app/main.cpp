// fundwatch: watches a medical-insurance fund for fraud and for failures of
// the duties that keep patients supplied with medicine.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/commands.h"

namespace {

void PrintUsage() {
  std::printf(
      "fundwatch — 医保基金智能监控\n\n"
      "usage: fundwatch COMMAND [OPTIONS]\n\n"
      "commands:\n"
      "  check --rules DIR [--config FILE]                     compile rule files and report every problem\n"
      "  test  --rules DIR [--verbose]                         run the *.ruletest files beside the rules, with coverage\n"
      "  scan  --data SOURCE --rules DIR [--out ALERTS.jsonl] [--as-of TIME] [--rejects FILE] [--config FILE]\n"
      "                                                        evaluate the rules over the data, write alerts, print a summary\n"
      "  explain --alerts FILE --data SOURCE [--rule ID] [--key TEXT]  show alerts with their evidence records in full\n"
      "  validate --data SOURCE [--rejects FILE]               read and validate a data source without rules\n"
      "  load  --data DIR --into mysql://USER@HOST:PORT/DB     load a CSV directory into MySQL (idempotent)\n"
      "  gen   --out DIR [--scale N] [--seed S]                generate demo data with planted cases and ground truth\n"
      "  ddl                                                   print the MySQL DDL of the data contract\n\n"
      "SOURCE is a directory of <table>.csv files or mysql://USER@HOST:PORT/DB;\n"
      "the MySQL password is read from FUNDWATCH_MYSQL_PASSWORD.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "-h") == 0) {
    PrintUsage();
    return argc < 2 ? fundwatch::kExitUsage : fundwatch::kExitOk;
  }
  std::string command = argv[1];
  std::vector<std::string> rest(argv + 2, argv + argc);
  if (command == "check") return fundwatch::RunCheck(rest);
  if (command == "test") return fundwatch::RunTest(rest);
  if (command == "validate") return fundwatch::RunValidate(rest);
  if (command == "explain") return fundwatch::RunExplain(rest);
  if (command == "scan") return fundwatch::RunScan(rest);
  if (command == "load") return fundwatch::RunLoad(rest);
  if (command == "gen") return fundwatch::RunGen(rest);
  if (command == "ddl") return fundwatch::RunDdl(rest);
  std::fprintf(stderr, "fundwatch: unknown command '%s'\n\n", command.c_str());
  PrintUsage();
  return fundwatch::kExitUsage;
}
