#include "tests/gen/generated.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <tuple>

namespace fundwatch::gen::testing {
namespace {

namespace fs = std::filesystem;

struct Root {
  fs::path path;
  Root() {
    path = fs::temp_directory_path() / ("fundwatch_gen_test." + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Root() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

Root& TheRoot() {
  static Root root;
  return root;
}

using Key = std::tuple<int64_t, uint64_t, bool>;

struct Entry {
  std::string dir;
  GenReport report;
};

Entry& Get(int64_t scale, uint64_t seed, bool malformed) {
  static std::map<Key, Entry> cache;
  const Key key{scale, seed, malformed};
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const std::string dir = (TheRoot().path / ("s" + std::to_string(scale) + "_seed" + std::to_string(seed) +
                                             (malformed ? "_m" : "_clean"))).string();
  GenOptions options;
  options.out_dir = dir;
  options.scale = scale;
  options.seed = seed;
  options.plant_malformed = malformed;
  auto result = Generate(options);
  if (!result.ok()) throw std::runtime_error("Generate failed: " + result.status().ToString());
  return cache.emplace(key, Entry{dir, result.value()}).first->second;
}

}  // namespace

const std::string& GeneratedDir(int64_t scale, uint64_t seed, bool plant_malformed) {
  return Get(scale, seed, plant_malformed).dir;
}

const GenReport& GeneratedReport(int64_t scale, uint64_t seed, bool plant_malformed) {
  return Get(scale, seed, plant_malformed).report;
}

const DataSet& Loaded(int64_t scale, uint64_t seed, bool plant_malformed) {
  static std::map<Key, DataSet> cache;
  const Key key{scale, seed, plant_malformed};
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, LoadDataSet(GeneratedDir(scale, seed, plant_malformed))).first;
  return it->second;
}

std::string ScratchDir(const std::string& name) {
  const fs::path p = TheRoot().path / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

}  // namespace fundwatch::gen::testing
