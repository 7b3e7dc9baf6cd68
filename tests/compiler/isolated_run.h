// Runs test code in forked child processes, so that a crash or a hang in the
// code under test becomes a test failure that names its input instead of the
// end of the test run. POSIX only; the test process must be single-threaded
// when these are called.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace fundwatch::testing {

struct IsolatedOutcome {
  enum class Kind { kFinished, kCrashed, kTimedOut };
  Kind kind = Kind::kFinished;
  std::string how;     // kCrashed: "killed by signal 11", "exited with code 1" (a sanitizer's report)
  std::string output;  // what `body` returned (kFinished only)

  bool ok() const { return kind == Kind::kFinished; }
  std::string Describe() const;  // "finished", "crashed: killed by signal 11", "timed out"
};

// Runs `body` in a child and returns what it returned. The child is killed
// after `timeout`.
IsolatedOutcome RunIsolated(const std::function<std::string()>& body, std::chrono::milliseconds timeout);

struct ItemFailure {
  size_t index = 0;
  std::string kind;    // "crash", "hang" or "check"
  std::string detail;  // for "check": what `check` returned; otherwise the child's end
};

// Calls `check(i)` for every i in [0, count) in `workers` child processes
// running in parallel. `check` returns "" when item i is fine, else what is
// wrong with it. A crash, or a hang (one item running longer than
// `item_timeout`), is reported for the item it happened on, and that worker
// carries on with its next item in a fresh child. Failures come back sorted
// by index.
std::vector<ItemFailure> RunBatchIsolated(size_t count, const std::function<std::string(size_t)>& check,
                                          std::chrono::milliseconds item_timeout, int workers);

}  // namespace fundwatch::testing
