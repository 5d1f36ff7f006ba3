// Splitting work over std::threads: how many threads a job deserves and disjoint chunks of it.
#pragma once
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace pk {

// `requested` threads (0 = every hardware thread), fewer for small jobs: threads cost ~50 us to
// start, so below ~20k items one thread is faster.
inline int threadCount(int requested, size_t work) {
  int n = requested > 0 ? requested : int(std::max(1u, std::thread::hardware_concurrency()));
  n = std::min<int>(n, int(std::max<size_t>(1, work / 20000)));
  return std::clamp(n, 1, 64);
}

// Calls body(begin, end, threadIndex) on `threads` disjoint chunks of [0, count), chunk 0 on the
// calling thread.
template <class Body>
void parallelChunks(size_t count, int threads, Body&& body) {
  if (threads <= 1) {
    body(size_t(0), count, 0);
    return;
  }
  std::vector<std::thread> pool;
  const size_t chunk = (count + threads - 1) / threads;
  for (int t = 1; t < threads; ++t) {
    const size_t b = std::min(count, chunk * t), e = std::min(count, chunk * (t + 1));
    pool.emplace_back([&body, b, e, t] { body(b, e, t); });
  }
  body(0, std::min(count, chunk), 0);
  for (auto& th : pool) th.join();
}

}  // namespace pk
