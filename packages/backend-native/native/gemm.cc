// Batched float32 GEMM over the system BLAS: C[b] = op(A[b]) · op(B[b]), row-major,
// transposes taken by BLAS itself (no materialised copies). Parallelism comes from
// our pool (BLAS set to one thread) or from BLAS's own threads, chosen at run time.
#include "kernels.h"

#include <algorithm>

#include "pool.h"

#if defined(__APPLE__)
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif

namespace pretrain {

namespace {

bool blasThreads = false;

/** Products below this many multiply-adds run on one thread: splitting costs more than it gives. */
constexpr int64_t kParallelWork = 1 << 17;

struct Product {
  const float* a;
  const float* b;
  float* c;
  int64_t m, n, k;
  bool transposeA, transposeB;
};

void sgemm(const Product& product, int64_t rowBegin, int64_t rowEnd, int64_t columnBegin, int64_t columnEnd) {
  const int64_t m = product.m, n = product.n, k = product.k;
  const int64_t lda = product.transposeA ? m : k;
  const int64_t ldb = product.transposeB ? k : n;
  // Row i of op(A) starts at A + i·lda, or at A + i when A is stored transposed; likewise column j of op(B).
  const float* a = product.a + (product.transposeA ? rowBegin : rowBegin * lda);
  const float* b = product.b + (product.transposeB ? columnBegin * ldb : columnBegin);
  float* c = product.c + rowBegin * n + columnBegin;
  cblas_sgemm(CblasRowMajor, product.transposeA ? CblasTrans : CblasNoTrans, product.transposeB ? CblasTrans : CblasNoTrans,
              static_cast<int>(rowEnd - rowBegin), static_cast<int>(columnEnd - columnBegin), static_cast<int>(k), 1.0f, a,
              static_cast<int>(lda), b, static_cast<int>(ldb), 0.0f, c, static_cast<int>(n));
}

/** One product split over the pool by rows (or by columns when there are few rows). */
void splitProduct(const Product& product) {
  const int threads = pool().size();
  const int64_t work = product.m * product.n * product.k;
  if (threads == 1 || blasThreads || work < kParallelWork) {
    sgemm(product, 0, product.m, 0, product.n);
    return;
  }
  const bool byRows = product.m >= product.n;
  const int64_t extent = byRows ? product.m : product.n;
  // Blocks of 16 keep every part's tile aligned to BLAS's register blocking.
  const int64_t blocks = (extent + 15) / 16;
  const int parts = static_cast<int>(std::min<int64_t>(threads, blocks));
  const int64_t chunk = ((blocks + parts - 1) / parts) * 16;
  pool().run(parts, [&](int part) {
    const int64_t begin = part * chunk;
    const int64_t end = std::min(extent, begin + chunk);
    if (begin >= end) return;
    if (byRows) sgemm(product, begin, end, 0, product.n);
    else sgemm(product, 0, product.m, begin, end);
  });
}

}  // namespace

void setBlasThreading(bool useBlasThreads, int threads) {
  blasThreads = useBlasThreads;
#if defined(OPENBLAS_VERSION) || defined(OPENBLAS_CONFIG_H)
  openblas_set_num_threads(useBlasThreads ? threads : 1);
#else
  (void)threads;
#endif
}

bool blasThreading() { return blasThreads; }

std::string blasDescription() {
#if defined(__APPLE__)
  return "Accelerate";
#elif defined(OPENBLAS_VERSION) || defined(OPENBLAS_CONFIG_H)
  return std::string(openblas_get_config()) + " (core " + openblas_get_corename() + ")";  // "OpenBLAS 0.3.21 …"
#else
  return "CBLAS";
#endif
}

void gemm(const GemmArguments& arguments) {
  const int64_t m = arguments.m, n = arguments.n, k = arguments.k;
  const int threads = pool().size();
  auto productOf = [&](int64_t index) {
    return Product{arguments.a + index * arguments.strideA, arguments.b + index * arguments.strideB, arguments.c + index * m * n,
                   m, n, k, arguments.transposeA, arguments.transposeB};
  };
  if (arguments.batch == 1 || blasThreads) {
    for (int64_t index = 0; index < arguments.batch; index++) splitProduct(productOf(index));
    return;
  }
  // Several products: whole products per thread when there are enough of them.
  if (arguments.batch >= threads || m * n * k < kParallelWork) {
    parallelFor(arguments.batch, m * n * k >= kParallelWork ? 1 : std::max<int64_t>(1, kParallelWork / std::max<int64_t>(1, m * n * k)),
                [&](int64_t begin, int64_t end) {
                  for (int64_t index = begin; index < end; index++) sgemm(productOf(index), 0, m, 0, n);
                });
    return;
  }
  for (int64_t index = 0; index < arguments.batch; index++) splitProduct(productOf(index));
}

}  // namespace pretrain
