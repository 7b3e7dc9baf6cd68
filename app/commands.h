// The sub-commands of `fundwatch`. Each returns the process exit status:
// 0 done (also with rejected rows), 2 unusable arguments, source or rules,
// 1 any other failure.
#pragma once

#include <string>
#include <vector>

namespace fundwatch {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int RunCheck(const std::vector<std::string>& argv);
int RunTest(const std::vector<std::string>& argv);
int RunValidate(const std::vector<std::string>& argv);
int RunExplain(const std::vector<std::string>& argv);
int RunScan(const std::vector<std::string>& argv);
int RunLoad(const std::vector<std::string>& argv);
int RunGen(const std::vector<std::string>& argv);
int RunDdl(const std::vector<std::string>& argv);

}  // namespace fundwatch
