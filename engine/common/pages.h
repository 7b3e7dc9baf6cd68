// ReleasePagesBehind: a reader of a mapping (a mapped file, anonymous
// memory read once) lets go of the pages it has read past, so the mapping
// holds only what is ahead of it. A file's pages stay in the page cache;
// anonymous ones are freed.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>

namespace fundwatch {

inline size_t PageSize() {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

// Lets go of the whole pages of [base + *released, base + pos) once they
// come to at least `step` bytes, and advances *released past them.
// REQUIRES: base is page-aligned (as mmap returns it).
inline void ReleasePagesBehind(const char* base, size_t pos, size_t step, size_t* released) {
  const size_t upto = pos / PageSize() * PageSize();
  if (upto < *released + step) return;
  madvise(const_cast<char*>(base) + *released, upto - *released, MADV_DONTNEED);
  *released = upto;
}

}  // namespace fundwatch
