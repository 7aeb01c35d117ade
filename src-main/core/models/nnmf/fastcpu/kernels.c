// Fused NNMF forward/backward kernels for the fast CPU engine (see ../engine.ts for the function).
// Compiled to WebAssembly with SIMD128 by build-kernels.sh; the .wasm is embedded, base64, in
// kernels-wasm.ts (committed, so CI and the app need no C toolchain).
//
// Every thread instantiates this module on one shared memory. The functions use no shadow stack
// and no static data (build-kernels.sh checks), so instances never step on each other; all state
// lives at addresses the JS side lays out and passes in through the Model / Thread descriptors.
//
// Layout inside a tile: activations are stored feature-major, act[l][j * TILE + t], so SIMD lanes
// run over TILE entries of the batch and every layer width (80, 50, 1, ...) works without padding.

#include <stdint.h>
#include <wasm_simd128.h>

#ifndef TILE
#define TILE 64   // entries per tile; a multiple of 16 (the GEMM block width); build-kernels.sh sets it
#endif
#define MAXL 8    // weight layers (hidden + output)
#define MAXT 64   // threads

typedef v128_t v4;

// Mirrors descriptor.ts field by field: 4-byte fields only, in this order.
typedef struct {
  float *act[MAXL + 1];    // act[l]: width[l] × TILE (act[0] is the input x)
  float *delta[MAXL + 1];  // delta[l]: ∂loss/∂(pre-activation) of layer l; delta[0] = ∂loss/∂x
  float *gWp[MAXL];        // network gradient partials, 4 lanes per weight
  float *gbp[MAXL];
  int32_t tid;
  int32_t *rowList, *colList;      // rows / columns of the current batch this thread owns
  int32_t nRowList, nColList;
} Thread;

typedef struct {
  int32_t d, dP, k, nLayers;       // nLayers = weight layers = hidden layers + 1
  int32_t width[MAXL + 1];         // width[0] = 2d + dP, width[nLayers] = 1
  int32_t lossKind;                // 0 squared, 1 logistic
  int32_t nRows, nCols;
  float *U, *V, *Up, *Vp;
  float *sU, *sV, *sUp, *sVp;      // RMSProp state
  float *gU, *gV, *gUp, *gVp;      // latent gradient accumulators (zero between steps)
  float *W[MAXL], *b[MAXL];
  float *sW[MAXL], *sb[MAXL];
  float *gW[MAXL], *gb[MAXL];      // reduced network gradients
  float *invRowCount, *invColCount;
  int32_t *rowOcc, *colOcc;        // occurrences in the current batch (zero between steps)
  int32_t *rows, *cols;
  float *targets, *out, *dX;       // out: f per entry; dX: ∂loss/∂x per entry, width[0] each
  int32_t nThreads;
  Thread *thread[MAXT];
} Model;

#define MODE_NETWORK 1
#define MODE_LATENTS 2

// ---------------------------------------------------------------------------------------------
// exp and sigmoid, 4 lanes (Cephes polynomial; max relative error about 2 ulp in float32).

static inline v4 exp4(v4 x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  v4 n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  v4 y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, wasm_f32x4_mul(x, x)), wasm_f32x4_add(x, wasm_f32x4_splat(1.0f)));
  v4 pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, pow2n);
}

static inline v4 sigmoid4(v4 z) {
  v4 one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, exp4(wasm_f32x4_neg(z))));
}

// ---------------------------------------------------------------------------------------------
// Tile GEMM: out[o·TILE + t] = bias[o] + Σ_j m[o·sO + j·sJ] · in[j·TILE + t], o < O, t < np.
// Forward uses m = W (sO = 1, sJ = fanOut); backward uses m = Wᵀ (sO = fanOut, sJ = 1).
// Register block: GEMM_O outputs × 4·GEMM_V entries, weights as load-splats.
#ifndef GEMM_O
#define GEMM_O 2  // 2 × 16 measured a little faster than 4 × 8, 4 × 4, 6 × 8 and 3 × 16 on Zen (V8 11.3)
#endif
#ifndef GEMM_V
#define GEMM_V 4
#endif

_Static_assert(TILE % (4 * GEMM_V) == 0, "a tile must hold whole GEMM blocks");

static inline __attribute__((always_inline)) void gemm_block(float *out, const float *in, const float *m, const float *bias,
                                                             int o, int ob, int J, int sO, int sJ, int t) {
  v4 c[GEMM_O][GEMM_V];
#pragma clang loop unroll(full)
  for (int a = 0; a < GEMM_O; a++) {
    const v4 b = a < ob && bias ? wasm_f32x4_splat(bias[o + a]) : wasm_f32x4_splat(0.0f);
#pragma clang loop unroll(full)
    for (int v = 0; v < GEMM_V; v++) c[a][v] = b;
  }
  const float *ip = in + t;
  const float *mp = m + o * sO;
  for (int j = 0; j < J; j++) {
    v4 x[GEMM_V];
#pragma clang loop unroll(full)
    for (int v = 0; v < GEMM_V; v++) x[v] = wasm_v128_load(ip + 4 * v);
#pragma clang loop unroll(full)
    for (int a = 0; a < GEMM_O; a++) {
      if (a < ob) {
        const v4 w = wasm_v128_load32_splat(mp + a * sO);
#pragma clang loop unroll(full)
        for (int v = 0; v < GEMM_V; v++) c[a][v] = wasm_f32x4_add(c[a][v], wasm_f32x4_mul(w, x[v]));
      }
    }
    ip += TILE;
    mp += sJ;
  }
#pragma clang loop unroll(full)
  for (int a = 0; a < GEMM_O; a++)
    if (a < ob)
#pragma clang loop unroll(full)
      for (int v = 0; v < GEMM_V; v++) wasm_v128_store(out + (o + a) * TILE + t + 4 * v, c[a][v]);
}

static void tile_gemm(float *out, const float *in, const float *m, const float *bias, int O, int J,
                      int sO, int sJ, int np) {
  const int tb = 4 * GEMM_V;
  const int npb = (np + tb - 1) / tb * tb; // whole blocks: may compute past np into the tile's slack
  int o = 0;
  for (; o + GEMM_O <= O; o += GEMM_O)
    for (int t = 0; t < npb; t += tb) gemm_block(out, in, m, bias, o, GEMM_O, J, sO, sJ, t);
  for (; o < O; o++)
    for (int t = 0; t < npb; t += tb) gemm_block(out, in, m, bias, o, 1, J, sO, sJ, t);
}

// Weight gradient partials: g[(k·N + n)·4 + lane] += Σ_t a[k·TILE + t] · d[n·TILE + t] over
// 4-entry groups (lanes kept apart; summed once per step in network_reduce).
// Register block: DW_K inputs × DW_N outputs (4 × 2, 2 × 4, 3 × 3, 2 × 2 measured within noise).
#ifndef DW_K
#define DW_K 4
#endif
#ifndef DW_N
#define DW_N 2
#endif

static inline __attribute__((always_inline)) void dw_block(float *g, const float *a, const float *d, int k, int kb, int n, int nb,
                                                           int N, int np) {
  v4 c[DW_K][DW_N];
#pragma clang loop unroll(full)
  for (int i = 0; i < DW_K; i++)
#pragma clang loop unroll(full)
    for (int j = 0; j < DW_N; j++) c[i][j] = i < kb && j < nb ? wasm_v128_load(g + ((k + i) * N + n + j) * 4) : wasm_f32x4_splat(0.0f);
  for (int t = 0; t < np; t += 4) {
    v4 x[DW_K], y[DW_N];
#pragma clang loop unroll(full)
    for (int i = 0; i < DW_K; i++) x[i] = i < kb ? wasm_v128_load(a + (k + i) * TILE + t) : wasm_f32x4_splat(0.0f);
#pragma clang loop unroll(full)
    for (int j = 0; j < DW_N; j++) y[j] = j < nb ? wasm_v128_load(d + (n + j) * TILE + t) : wasm_f32x4_splat(0.0f);
#pragma clang loop unroll(full)
    for (int i = 0; i < DW_K; i++)
#pragma clang loop unroll(full)
      for (int j = 0; j < DW_N; j++)
        if (i < kb && j < nb) c[i][j] = wasm_f32x4_add(c[i][j], wasm_f32x4_mul(x[i], y[j]));
  }
#pragma clang loop unroll(full)
  for (int i = 0; i < DW_K; i++)
#pragma clang loop unroll(full)
    for (int j = 0; j < DW_N; j++)
      if (i < kb && j < nb) wasm_v128_store(g + ((k + i) * N + n + j) * 4, c[i][j]);
}

static void tile_dw(float *g, const float *a, const float *d, int K, int N, int np) {
  int k = 0;
  for (; k + DW_K <= K; k += DW_K) {
    int n = 0;
    for (; n + DW_N <= N; n += DW_N) dw_block(g, a, d, k, DW_K, n, DW_N, N, np);
    for (; n < N; n++) dw_block(g, a, d, k, DW_K, n, 1, N, np);
  }
  for (; k < K; k++) {
    int n = 0;
    for (; n + DW_N <= N; n += DW_N) dw_block(g, a, d, k, 1, n, DW_N, N, np);
    for (; n < N; n++) dw_block(g, a, d, k, 1, n, 1, N, np);
  }
}

static void tile_db(float *g, const float *d, int N, int np) {
  for (int n = 0; n < N; n++) {
    v4 c = wasm_v128_load(g + n * 4);
    for (int t = 0; t < np; t += 4) c = wasm_f32x4_add(c, wasm_v128_load(d + n * TILE + t));
    wasm_v128_store(g + n * 4, c);
  }
}

// ---------------------------------------------------------------------------------------------
// One tile of entries [i0, i0 + n): gather x, forward, loss derivative, backward.

static void gather_inputs(const Model *M, float *x, int i0, int n, int np) {
  const int d = M->d, dP = M->dP, k = M->k;
  for (int t = 0; t < n; t++) {
    const int r = M->rows[i0 + t], c = M->cols[i0 + t];
    const float *u = M->U + r * d, *vv = M->V + c * d;
    for (int j = 0; j < d; j++) {
      x[j * TILE + t] = u[j];
      x[(d + j) * TILE + t] = vv[j];
    }
    const float *up = M->Up + r * dP * k, *vp = M->Vp + c * dP * k;
    for (int j = 0; j < dP; j++) {
      float h = 0.0f;
      for (int kk = 0; kk < k; kk++) h += up[j * k + kk] * vp[j * k + kk];
      x[(2 * d + j) * TILE + t] = h;
    }
  }
  // Padding entries up to the block width: zero input, and (below) zero loss derivative.
  const int w0 = M->width[0];
  for (int t = n; t < np; t++)
    for (int j = 0; j < w0; j++) x[j * TILE + t] = 0.0f;
}

static void run_tile(const Model *M, Thread *T, int i0, int n, int mode) {
  const int L = M->nLayers;
  const int np = (n + 7) & ~7; // SIMD width and tile_dw step; tile_gemm rounds up to its own block
  gather_inputs(M, T->act[0], i0, n, np);

  for (int l = 1; l <= L; l++) {
    const int K = M->width[l - 1], N = M->width[l];
    float *out = T->act[l];
    tile_gemm(out, T->act[l - 1], M->W[l - 1], M->b[l - 1], N, K, 1, N, np);
    if (l < L)
      for (int o = 0; o < N; o++)
        for (int t = 0; t < np; t += 4) wasm_v128_store(out + o * TILE + t, sigmoid4(wasm_v128_load(out + o * TILE + t)));
  }
  const float *f = T->act[L];
  for (int t = 0; t < n; t++) M->out[i0 + t] = f[t];
  if (!mode) return;

  // ∂loss/∂f: squared 2(f − y); logistic σ(f) − y. Zero for the padding entries.
  float *dF = T->delta[L];
  for (int t = 0; t < np; t += 4) {
    v4 fv = wasm_v128_load(f + t);
    wasm_v128_store(dF + t, M->lossKind == 0 ? wasm_f32x4_add(fv, fv) : sigmoid4(fv));
  }
  for (int t = 0; t < n; t++) dF[t] -= M->lossKind == 0 ? 2.0f * M->targets[i0 + t] : M->targets[i0 + t];
  for (int t = n; t < np; t++) dF[t] = 0.0f;

  for (int l = L; l >= 1; l--) {
    const int K = M->width[l - 1], N = M->width[l];
    if (mode & MODE_NETWORK) {
      tile_dw(T->gWp[l - 1], T->act[l - 1], T->delta[l], K, N, np);
      tile_db(T->gbp[l - 1], T->delta[l], N, np);
    }
    if (l == 1 && !(mode & MODE_LATENTS)) break;
    float *dPrev = T->delta[l - 1];
    tile_gemm(dPrev, T->delta[l], M->W[l - 1], 0, K, N, N, 1, np);
    if (l > 1) {
      // The previous layer is a sigmoid: σ' = a(1 − a).
      const float *a = T->act[l - 1];
      const v4 one = wasm_f32x4_splat(1.0f);
      for (int o = 0; o < K; o++)
        for (int i = o * TILE; i < o * TILE + np; i += 4) {
          v4 av = wasm_v128_load(a + i);
          wasm_v128_store(dPrev + i, wasm_f32x4_mul(wasm_v128_load(dPrev + i), wasm_f32x4_mul(av, wasm_f32x4_sub(one, av))));
        }
    }
  }
  if (mode & MODE_LATENTS) {
    const int w0 = M->width[0];
    const float *dx = T->delta[0];
    for (int t = 0; t < n; t++) {
      float *o = M->dX + (i0 + t) * w0;
      for (int j = 0; j < w0; j++) o[j] = dx[j * TILE + t];
    }
  }
}

// Entries [begin, end) of the batch, in tiles. mode 0: predict only (writes out).
__attribute__((export_name("run"))) void run(const Model *M, Thread *T, int begin, int end, int mode) {
  for (int i = begin; i < end; i += TILE) run_tile(M, T, i, end - i < TILE ? end - i : TILE, mode);
}

// ---------------------------------------------------------------------------------------------
// Main-thread steps after the threads finish: reductions and RMSProp, in a fixed order.

// Sums every thread's lane partials into gW / gb (thread 0 first), and zeroes the partials.
__attribute__((export_name("network_reduce"))) void network_reduce(const Model *M) {
  for (int l = 0; l < M->nLayers; l++) {
    const int nw = M->width[l] * M->width[l + 1], nb = M->width[l + 1];
    for (int i = 0; i < nw; i++) M->gW[l][i] = 0.0f;
    for (int i = 0; i < nb; i++) M->gb[l][i] = 0.0f;
    for (int th = 0; th < M->nThreads; th++) {
      float *gp = M->thread[th]->gWp[l], *bp = M->thread[th]->gbp[l];
      for (int i = 0; i < nw; i++) {
        M->gW[l][i] += (gp[4 * i] + gp[4 * i + 1]) + (gp[4 * i + 2] + gp[4 * i + 3]);
        wasm_v128_store(gp + 4 * i, wasm_f32x4_splat(0.0f));
      }
      for (int i = 0; i < nb; i++) {
        M->gb[l][i] += (bp[4 * i] + bp[4 * i + 1]) + (bp[4 * i + 2] + bp[4 * i + 3]);
        wasm_v128_store(bp + 4 * i, wasm_f32x4_splat(0.0f));
      }
    }
  }
}

// RMSProp on n coordinates with gradient g + pen·p (the lazy penalty), then g ← 0:
//   s ← ρs + (1 − ρ)g²;  p ← p − lr·g/(√s + ε)
// In double (two f64x2 halves per f32x4) as the reference does: with the penalty added, g can
// cancel to a small difference, and RMSProp divides it by its own scale.
typedef struct { v4 lo, hi; } v4d;
static inline v4d widen(v4 x) {
  v4d r = {wasm_f64x2_promote_low_f32x4(x), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(x, x, 2, 3, 0, 1))};
  return r;
}
static inline v4 narrow(v4 lo, v4 hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}
static inline v4 rms2(v4 *p, v4 *s, v4 g, v4 pen, v4 lr) {
  const v4 gv = wasm_f64x2_add(g, wasm_f64x2_mul(pen, *p));
  *s = wasm_f64x2_add(wasm_f64x2_mul(wasm_f64x2_splat(0.9), *s), wasm_f64x2_mul(wasm_f64x2_splat(0.1), wasm_f64x2_mul(gv, gv)));
  *p = wasm_f64x2_sub(*p, wasm_f64x2_div(wasm_f64x2_mul(lr, gv), wasm_f64x2_add(wasm_f64x2_sqrt(*s), wasm_f64x2_splat(1e-8))));
  return *p;
}
static void rmsprop(float *p, float *s, float *g, int n, double pen, double lr) {
  const v4 penv = wasm_f64x2_splat(pen), lrv = wasm_f64x2_splat(lr), zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v4d pv = widen(wasm_v128_load(p + i)), sv = widen(wasm_v128_load(s + i)), gv = widen(wasm_v128_load(g + i));
    rms2(&pv.lo, &sv.lo, gv.lo, penv, lrv);
    rms2(&pv.hi, &sv.hi, gv.hi, penv, lrv);
    wasm_v128_store(p + i, narrow(pv.lo, pv.hi));
    wasm_v128_store(s + i, narrow(sv.lo, sv.hi));
    wasm_v128_store(g + i, zero);
  }
  for (; i < n; i++) {
    const double gi = (double)g[i] + pen * (double)p[i];
    const double si = 0.9 * (double)s[i] + 0.1 * gi * gi;
    s[i] = (float)si;
    p[i] = (float)((double)p[i] - lr * gi / (__builtin_sqrt(si) + 1e-8));
    g[i] = 0.0f;
  }
}

__attribute__((export_name("network_update"))) void network_update(const Model *M, float lr) {
  for (int l = 0; l < M->nLayers; l++) {
    rmsprop(M->W[l], M->sW[l], M->gW[l], M->width[l] * M->width[l + 1], 0.0, lr);
    rmsprop(M->b[l], M->sb[l], M->gb[l], M->width[l + 1], 0.0, lr);
  }
}

// g[i] += a[i]·b[i]  and  g[i] += a[i]
static inline void add_product(float *g, const float *a, const float *b, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(g + i, wasm_f32x4_add(wasm_v128_load(g + i), wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i))));
  for (; i < n; i++) g[i] += a[i] * b[i];
}
static inline void add_to(float *g, const float *a, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(g + i, wasm_f32x4_add(wasm_v128_load(g + i), wasm_v128_load(a + i)));
  for (; i < n; i++) g[i] += a[i];
}

// The latent gradient of one side (rows: U, U' against V'; or columns: V, V' against U'), for the
// entities this thread owns (index % stride == part), in entry order, so duplicates sum the same
// way whatever the thread count. dxOff: where this side's d values sit in an entry's ∂x.
typedef struct {
  const int32_t *idx, *other;
  float *P, *Pp, *S, *Sp, *G, *Gp;
  const float *otherPp, *invCount;
  int32_t *occ, *list;
  int dxOff;
} Side;

static inline __attribute__((always_inline)) int side_scatter(const Model *M, const Side *sd, int B, int part, int stride) {
  const int d = M->d, dP = M->dP, k = M->k, w0 = M->width[0], dk = dP * k;
  int nList = 0;
  for (int i = 0; i < B; i++) {
    const int r = sd->idx[i];
    if (r % stride != part) continue;
    if (sd->occ[r]++ == 0) sd->list[nList++] = r;
    const float *dx = M->dX + i * w0;
    add_to(sd->G + r * d, dx + sd->dxOff, d);
    const float *op = sd->otherPp + sd->other[i] * dk;
    float *gp = sd->Gp + r * dk;
    if (k == 1) {
      add_product(gp, dx + 2 * d, op, dP);
    } else {
      for (int j = 0; j < dP; j++)
        for (int kk = 0; kk < k; kk++) gp[j * k + kk] += dx[2 * d + j] * op[j * k + kk];
    }
  }
  return nList;
}

static inline __attribute__((always_inline)) void side_finish(const Model *M, const Side *sd, int nList, int apply, float lr, float lambda) {
  const int d = M->d, dk = M->dP * M->k;
  for (int i = 0; i < nList; i++) {
    const int r = sd->list[i];
    if (apply) {
      // Each occurrence adds 2λ·p/count: one update with the summed penalty.
      const double pen = 2.0 * lambda * sd->occ[r] * (double)sd->invCount[r];
      rmsprop(sd->P + r * d, sd->S + r * d, sd->G + r * d, d, pen, lr);
      rmsprop(sd->Pp + r * dk, sd->Sp + r * dk, sd->Gp + r * dk, dk, pen, lr);
    }
    sd->occ[r] = 0;
  }
}

static Side rows_side(const Model *M, const Thread *T) {
  Side s = {M->rows, M->cols, M->U, M->Up, M->sU, M->sUp, M->gU, M->gUp, M->Vp, M->invRowCount, M->rowOcc, T->rowList, 0};
  return s;
}
static Side cols_side(const Model *M, const Thread *T) {
  Side s = {M->cols, M->rows, M->V, M->Vp, M->sV, M->sVp, M->gV, M->gVp, M->Up, M->invColCount, M->colOcc, T->colList, M->d};
  return s;
}

// Which rows / columns thread `tid` owns: with one thread, all; otherwise the first half of the
// threads split the rows and the second half the columns (every entry has one of each, so the
// scatter work splits evenly).
static void ownership(const Model *M, int tid, int *rowPart, int *rowStride, int *colPart, int *colStride) {
  const int n = M->nThreads, h = (n + 1) / 2;
  *rowPart = *colPart = -1;
  *rowStride = *colStride = 1;
  if (n == 1) {
    *rowPart = *colPart = 0;
  } else if (tid < h) {
    *rowPart = tid;
    *rowStride = h;
  } else {
    *colPart = tid - h;
    *colStride = n - h;
  }
}

// After `run` with MODE_LATENTS on all threads, in two rounds with a barrier between them (the
// row side's gradient reads V', which the column side's update writes):
//   update = 0: this thread scatters the latent gradient of the rows / columns it owns;
//   update = 1: RMSProp on them, accumulators cleared.
// lossAndGradients reads the gradients after round 0, and latent_clear clears them instead.
__attribute__((export_name("latent_phase"))) void latent_phase(Model *M, Thread *T, int B, int update, float lr, float lambda) {
  int rowPart, rowStride, colPart, colStride;
  ownership(M, T->tid, &rowPart, &rowStride, &colPart, &colStride);
  if (rowPart >= 0) {
    Side s = rows_side(M, T);
    if (!update) {
      T->nRowList = side_scatter(M, &s, B, rowPart, rowStride);
    } else {
      side_finish(M, &s, T->nRowList, 1, lr, lambda);
      T->nRowList = 0;
    }
  }
  if (colPart >= 0) {
    Side s = cols_side(M, T);
    if (!update) {
      T->nColList = side_scatter(M, &s, B, colPart, colStride);
    } else {
      side_finish(M, &s, T->nColList, 1, lr, lambda);
      T->nColList = 0;
    }
  }
}

static inline __attribute__((always_inline)) void clear_side(const Model *M, const Side *sd, int nList) {
  const int d = M->d, dk = M->dP * M->k;
  for (int i = 0; i < nList; i++) {
    const int r = sd->list[i];
    for (int j = 0; j < d; j++) sd->G[r * d + j] = 0.0f;
    for (int j = 0; j < dk; j++) sd->Gp[r * dk + j] = 0.0f;
  }
  side_finish(M, sd, nList, 0, 0.0f, 0.0f);
}

// Clears what latent_phase(apply = 0) accumulated, on every thread's lists.
__attribute__((export_name("latent_clear"))) void latent_clear(Model *M) {
  for (int t = 0; t < M->nThreads; t++) {
    Thread *T = M->thread[t];
    Side rs = rows_side(M, T), cs = cols_side(M, T);
    clear_side(M, &rs, T->nRowList);
    clear_side(M, &cs, T->nColList);
    T->nRowList = T->nColList = 0;
  }
}
