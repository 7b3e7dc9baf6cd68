#include "tests/compiler/isolated_run.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace fundwatch::testing {
namespace {

using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif

// In the child: crash the way the code under test crashes (Boost.Test's
// handlers would otherwise catch the signal and run the test tree again in
// the child), and keep a runaway allocation from taking the machine.
void PrepareChild() {
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM, SIGTERM}) signal(sig, SIG_DFL);
  rlimit no_core{0, 0};  // a crash is expected data here, not worth a core file
  setrlimit(RLIMIT_CORE, &no_core);
  if (!kUnderAsan) {  // ASan reserves terabytes of address space for its shadow
    rlimit limit{size_t{2} << 30, size_t{2} << 30};
    setrlimit(RLIMIT_AS, &limit);
  }
}

void WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    done += static_cast<size_t>(n);
  }
}

// Reads what is available on `fd` into `out`; false at end of stream.
bool ReadSome(int fd, std::string* out) {
  char buffer[65536];
  ssize_t n = read(fd, buffer, sizeof buffer);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  out->append(buffer, static_cast<size_t>(n));
  return true;
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
};

Child Spawn(const std::function<void(int)>& run) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  pid_t pid = fork();
  if (pid < 0) std::abort();
  if (pid == 0) {
    close(fds[0]);
    PrepareChild();
    run(fds[1]);
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  return Child{pid, fds[0]};
}

// Waits for the child to end; returns its raw wait status.
int Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out += s[i + 1] == 'n' ? '\n' : s[i + 1];
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string DescribeStatus(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return "ended oddly";
}

}  // namespace

std::string IsolatedOutcome::Describe() const {
  switch (kind) {
    case Kind::kFinished: return "finished";
    case Kind::kCrashed: return "crashed: " + how;
    case Kind::kTimedOut: return "timed out";
  }
  return "?";
}

IsolatedOutcome RunIsolated(const std::function<std::string()>& body, std::chrono::milliseconds timeout) {
  Child child = Spawn([&](int fd) { WriteAll(fd, body()); });
  IsolatedOutcome outcome;
  std::string output;
  Clock::time_point deadline = Clock::now() + timeout;
  bool open = true;
  while (open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      kill(child.pid, SIGKILL);
      Reap(child.pid);
      close(child.fd);
      outcome.kind = IsolatedOutcome::Kind::kTimedOut;
      return outcome;
    }
    pollfd p{child.fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) > 0) open = ReadSome(child.fd, &output);
  }
  close(child.fd);
  int status = Reap(child.pid);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome.output = std::move(output);
  } else {
    outcome.kind = IsolatedOutcome::Kind::kCrashed;
    outcome.how = DescribeStatus(status);
  }
  return outcome;
}

// Protocol from a batch child, one line each: "I <i>" before item i,
// "F <i> <escaped detail>" when item i fails its check, "D" when done.
std::vector<ItemFailure> RunBatchIsolated(size_t count, const std::function<std::string(size_t)>& check,
                                          std::chrono::milliseconds item_timeout, int workers) {
  struct Worker {
    std::vector<size_t> items;  // this worker's share
    size_t next = 0;            // position in `items` the current child started from
    Child child;
    std::string buffer;
    long long current = -1;     // item in progress
    bool done = false;
    bool finished_cleanly = false;
    Clock::time_point last_progress;
  };
  std::vector<ItemFailure> failures;
  std::vector<Worker> pool(static_cast<size_t>(std::max(1, workers)));
  for (size_t i = 0; i < count; ++i) pool[i % pool.size()].items.push_back(i);

  auto start = [&](Worker& w) {
    if (w.next >= w.items.size()) {
      w.done = true;
      return;
    }
    size_t from = w.next;
    const std::vector<size_t>& items = w.items;
    w.child = Spawn([&, from](int fd) {
      for (size_t k = from; k < items.size(); ++k) {
        WriteAll(fd, "I " + std::to_string(items[k]) + "\n");
        std::string problem = check(items[k]);
        if (!problem.empty()) WriteAll(fd, "F " + std::to_string(items[k]) + " " + Escape(problem) + "\n");
      }
      WriteAll(fd, "D\n");
    });
    w.buffer.clear();
    w.current = -1;
    w.finished_cleanly = false;
    w.last_progress = Clock::now();
  };
  auto consume_lines = [&](Worker& w) {
    size_t nl;
    while ((nl = w.buffer.find('\n')) != std::string::npos) {
      std::string line = w.buffer.substr(0, nl);
      w.buffer.erase(0, nl + 1);
      if (line.rfind("I ", 0) == 0) {
        w.current = std::stoll(line.substr(2));
        w.last_progress = Clock::now();
      } else if (line.rfind("F ", 0) == 0) {
        size_t space = line.find(' ', 2);
        failures.push_back(ItemFailure{std::stoul(line.substr(2, space - 2)), "check", Unescape(line.substr(space + 1))});
      } else if (line == "D") {
        w.finished_cleanly = true;
      }
    }
  };
  // After a child ends or is killed: resume after the item it stopped on.
  auto restart_after = [&](Worker& w, const std::string& kind, const std::string& detail) {
    if (w.current >= 0) {
      failures.push_back(ItemFailure{static_cast<size_t>(w.current), kind, detail});
      auto it = std::find(w.items.begin(), w.items.end(), static_cast<size_t>(w.current));
      w.next = static_cast<size_t>(it - w.items.begin()) + 1;
    } else {
      failures.push_back(ItemFailure{w.items[w.next], kind, detail + " before its first item"});
      ++w.next;
    }
    start(w);
  };

  for (Worker& w : pool) start(w);
  while (std::any_of(pool.begin(), pool.end(), [](const Worker& w) { return !w.done; })) {
    std::vector<pollfd> fds;
    std::vector<Worker*> owners;
    for (Worker& w : pool) {
      if (w.done) continue;
      fds.push_back(pollfd{w.child.fd, POLLIN, 0});
      owners.push_back(&w);
    }
    poll(fds.data(), fds.size(), 200);
    for (size_t k = 0; k < fds.size(); ++k) {
      Worker& w = *owners[k];
      if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        bool open = ReadSome(w.child.fd, &w.buffer);
        consume_lines(w);
        if (!open) {
          close(w.child.fd);
          int status = Reap(w.child.pid);
          bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0 && w.finished_cleanly;
          if (clean) {
            w.done = true;
          } else {
            restart_after(w, "crash", DescribeStatus(status));
          }
          continue;
        }
      }
      if (Clock::now() - w.last_progress > item_timeout) {
        kill(w.child.pid, SIGKILL);
        close(w.child.fd);
        Reap(w.child.pid);
        restart_after(w, "hang", "no result within " + std::to_string(item_timeout.count()) + " ms");
      }
    }
  }
  std::sort(failures.begin(), failures.end(),
            [](const ItemFailure& a, const ItemFailure& b) { return a.index < b.index; });
  return failures;
}

}  // namespace fundwatch::testing
