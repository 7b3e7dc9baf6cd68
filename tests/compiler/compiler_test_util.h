// Helpers shared by the compiler tests: reading files of the repository, the
// standard rule pack as sources, and a well-formedness check of an emitted
// plan (every index in range, every slot allocated).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/compiler/compiler.h"
#include "engine/runtime/plan.h"

namespace fundwatch::testing {

using Sources = std::vector<std::pair<std::string, std::string>>;

// FUNDWATCH_SOURCE_DIR + "/" + relative.
std::string RepoPath(const std::string& relative);

// The whole file; aborts the test (BOOST_REQUIRE) when it cannot be read.
std::string ReadFile(const std::string& path);

// rules/*.rule in path order, each labelled "rules/<name>.rule".
Sources StandardPack();

// "" when every expression, slot, lookup and index of `plan` is in range and
// every rule has a key, a message and a 16-hex-digit version; otherwise the
// first problem found.
std::string PlanProblems(const plan::Plan& plan);

// Code points in a UTF-8 string (for column checks).
size_t CodePoints(const std::string& s);

// A diagnostic as one line: "file:line:col CODE message".
std::string OneLine(const Diagnostic& d);

}  // namespace fundwatch::testing
