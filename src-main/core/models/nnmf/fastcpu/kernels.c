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

#define TILE 64   // entries per tile; a multiple of 8 (the GEMM block width)
#define MAXL 8    // weight layers (hidden + output)
#define MAXT 64   // threads

typedef v128_t v4;

// Mirrors descriptor.ts field by field: 4-byte fields only, in this order.
typedef struct {
  float *act[MAXL + 1];    // act[l]: width[l] × TILE (act[0] is the input x)
  float *delta[MAXL + 1];  // delta[l]: ∂loss/∂(pre-activation) of layer l; delta[0] = ∂loss/∂x
  float *gWp[MAXL];        // network gradient partials, 4 lanes per weight
  float *gbp[MAXL];
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
  int32_t *rowList, *colList;      // rows / columns the current batch touches
  int32_t nRowList, nColList;
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
// Register block: 4 outputs × 8 entries (8 accumulators), weights as load-splats.

static void tile_gemm(float *out, const float *in, const float *m, const float *bias, int O, int J,
                      int sO, int sJ, int np) {
  int o = 0;
  for (; o + 4 <= O; o += 4) {
    const float *m0 = m + o * sO;
    for (int t = 0; t < np; t += 8) {
      v4 b0 = bias ? wasm_f32x4_splat(bias[o]) : wasm_f32x4_splat(0.0f);
      v4 b1 = bias ? wasm_f32x4_splat(bias[o + 1]) : b0;
      v4 b2 = bias ? wasm_f32x4_splat(bias[o + 2]) : b0;
      v4 b3 = bias ? wasm_f32x4_splat(bias[o + 3]) : b0;
      v4 c00 = b0, c01 = b0, c10 = b1, c11 = b1, c20 = b2, c21 = b2, c30 = b3, c31 = b3;
      const float *ip = in + t;
      const float *mp = m0;
      for (int j = 0; j < J; j++) {
        v4 a0 = wasm_v128_load(ip), a1 = wasm_v128_load(ip + 4);
        v4 w0 = wasm_v128_load32_splat(mp);
        v4 w1 = wasm_v128_load32_splat(mp + sO);
        v4 w2 = wasm_v128_load32_splat(mp + 2 * sO);
        v4 w3 = wasm_v128_load32_splat(mp + 3 * sO);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(w0, a0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(w0, a1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(w1, a0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(w1, a1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(w2, a0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(w2, a1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(w3, a0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(w3, a1));
        ip += TILE;
        mp += sJ;
      }
      float *op = out + o * TILE + t;
      wasm_v128_store(op, c00);
      wasm_v128_store(op + 4, c01);
      wasm_v128_store(op + TILE, c10);
      wasm_v128_store(op + TILE + 4, c11);
      wasm_v128_store(op + 2 * TILE, c20);
      wasm_v128_store(op + 2 * TILE + 4, c21);
      wasm_v128_store(op + 3 * TILE, c30);
      wasm_v128_store(op + 3 * TILE + 4, c31);
    }
  }
  for (; o < O; o++) {
    const float *m0 = m + o * sO;
    for (int t = 0; t < np; t += 8) {
      v4 c0 = bias ? wasm_f32x4_splat(bias[o]) : wasm_f32x4_splat(0.0f), c1 = c0;
      const float *ip = in + t;
      const float *mp = m0;
      for (int j = 0; j < J; j++) {
        v4 w = wasm_v128_load32_splat(mp);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(w, wasm_v128_load(ip)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(w, wasm_v128_load(ip + 4)));
        ip += TILE;
        mp += sJ;
      }
      wasm_v128_store(out + o * TILE + t, c0);
      wasm_v128_store(out + o * TILE + t + 4, c1);
    }
  }
}

// Weight gradient partials: g[(k·N + n)·4 + lane] += Σ_t a[k·TILE + t] · d[n·TILE + t] over
// 4-entry groups (lanes kept apart; summed once per step in network_reduce). Block 4 k × 2 n.
static void tile_dw(float *g, const float *a, const float *d, int K, int N, int np) {
  int k = 0;
  for (; k + 4 <= K; k += 4) {
    int n = 0;
    for (; n + 2 <= N; n += 2) {
      float *g00 = g + (k * N + n) * 4;
      float *g10 = g00 + N * 4, *g20 = g00 + 2 * N * 4, *g30 = g00 + 3 * N * 4;
      v4 c00 = wasm_v128_load(g00), c01 = wasm_v128_load(g00 + 4);
      v4 c10 = wasm_v128_load(g10), c11 = wasm_v128_load(g10 + 4);
      v4 c20 = wasm_v128_load(g20), c21 = wasm_v128_load(g20 + 4);
      v4 c30 = wasm_v128_load(g30), c31 = wasm_v128_load(g30 + 4);
      const float *a0 = a + k * TILE, *d0 = d + n * TILE;
      for (int t = 0; t < np; t += 4) {
        v4 x0 = wasm_v128_load(a0 + t), x1 = wasm_v128_load(a0 + TILE + t);
        v4 x2 = wasm_v128_load(a0 + 2 * TILE + t), x3 = wasm_v128_load(a0 + 3 * TILE + t);
        v4 y0 = wasm_v128_load(d0 + t), y1 = wasm_v128_load(d0 + TILE + t);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, y0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, y1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, y0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, y1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, y0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, y1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, y0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, y1));
      }
      wasm_v128_store(g00, c00);
      wasm_v128_store(g00 + 4, c01);
      wasm_v128_store(g10, c10);
      wasm_v128_store(g10 + 4, c11);
      wasm_v128_store(g20, c20);
      wasm_v128_store(g20 + 4, c21);
      wasm_v128_store(g30, c30);
      wasm_v128_store(g30 + 4, c31);
    }
    for (; n < N; n++) {
      for (int kk = k; kk < k + 4; kk++) {
        float *gp = g + (kk * N + n) * 4;
        v4 c = wasm_v128_load(gp);
        const float *ap = a + kk * TILE, *dp = d + n * TILE;
        for (int t = 0; t < np; t += 4) c = wasm_f32x4_add(c, wasm_f32x4_mul(wasm_v128_load(ap + t), wasm_v128_load(dp + t)));
        wasm_v128_store(gp, c);
      }
    }
  }
  for (; k < K; k++) {
    for (int n = 0; n < N; n++) {
      float *gp = g + (k * N + n) * 4;
      v4 c = wasm_v128_load(gp);
      const float *ap = a + k * TILE, *dp = d + n * TILE;
      for (int t = 0; t < np; t += 4) c = wasm_f32x4_add(c, wasm_f32x4_mul(wasm_v128_load(ap + t), wasm_v128_load(dp + t)));
      wasm_v128_store(gp, c);
    }
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
  const int np = (n + 7) & ~7;
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

// p ← p − lr·g/(√s + ε) with s ← ρs + (1 − ρ)g², computed in double as the reference does.
static inline void rmsprop_one(float *p, float *s, double g, double lr) {
  const double si = 0.9 * (double)*s + 0.1 * g * g;
  *s = (float)si;
  *p = (float)((double)*p - lr * g / (__builtin_sqrt(si) + 1e-8));
}

__attribute__((export_name("network_update"))) void network_update(const Model *M, float lr) {
  for (int l = 0; l < M->nLayers; l++) {
    const int nw = M->width[l] * M->width[l + 1], nb = M->width[l + 1];
    for (int i = 0; i < nw; i++) rmsprop_one(M->W[l] + i, M->sW[l] + i, M->gW[l][i], lr);
    for (int i = 0; i < nb; i++) rmsprop_one(M->b[l] + i, M->sb[l] + i, M->gb[l][i], lr);
  }
}

// Adds every entry's ∂loss/∂x (in dX) to the latent gradients, in entry order, and records which
// rows and columns the batch touches and how often.
__attribute__((export_name("latent_scatter"))) void latent_scatter(Model *M, int B) {
  const int d = M->d, dP = M->dP, k = M->k, w0 = M->width[0], dk = dP * k;
  for (int i = 0; i < B; i++) {
    const int r = M->rows[i], c = M->cols[i];
    if (M->rowOcc[r]++ == 0) M->rowList[M->nRowList++] = r;
    if (M->colOcc[c]++ == 0) M->colList[M->nColList++] = c;
    const float *dx = M->dX + i * w0;
    float *gu = M->gU + r * d, *gv = M->gV + c * d;
    for (int j = 0; j < d; j++) {
      gu[j] += dx[j];
      gv[j] += dx[d + j];
    }
    const float *up = M->Up + r * dk, *vp = M->Vp + c * dk;
    float *gup = M->gUp + r * dk, *gvp = M->gVp + c * dk;
    for (int j = 0; j < dP; j++) {
      const float dh = dx[2 * d + j];
      for (int kk = 0; kk < k; kk++) {
        gup[j * k + kk] += dh * vp[j * k + kk];
        gvp[j * k + kk] += dh * up[j * k + kk];
      }
    }
  }
}

static void update_rows(float *p, float *s, float *g, int width, int row, double pen, double lr) {
  for (int j = 0; j < width; j++) {
    float *pj = p + row * width + j;
    rmsprop_one(pj, s + row * width + j, (double)g[row * width + j] + pen * (double)*pj, lr);
    g[row * width + j] = 0.0f;
  }
}

// RMSProp on the touched rows and columns with the lazy penalty (occurrences · 2λ/count · p),
// then clears the accumulators for the next batch.
__attribute__((export_name("latent_update"))) void latent_update(Model *M, float lr, float lambda) {
  const int d = M->d, dk = M->dP * M->k;
  for (int i = 0; i < M->nRowList; i++) {
    const int r = M->rowList[i];
    const double pen = 2.0 * lambda * M->rowOcc[r] * (double)M->invRowCount[r];
    update_rows(M->U, M->sU, M->gU, d, r, pen, lr);
    update_rows(M->Up, M->sUp, M->gUp, dk, r, pen, lr);
    M->rowOcc[r] = 0;
  }
  for (int i = 0; i < M->nColList; i++) {
    const int c = M->colList[i];
    const double pen = 2.0 * lambda * M->colOcc[c] * (double)M->invColCount[c];
    update_rows(M->V, M->sV, M->gV, d, c, pen, lr);
    update_rows(M->Vp, M->sVp, M->gVp, dk, c, pen, lr);
    M->colOcc[c] = 0;
  }
  M->nRowList = 0;
  M->nColList = 0;
}

// Clears the accumulators without updating (after lossAndGradients has copied them out).
__attribute__((export_name("latent_clear"))) void latent_clear(Model *M) {
  const int d = M->d, dk = M->dP * M->k;
  for (int i = 0; i < M->nRowList; i++) {
    const int r = M->rowList[i];
    for (int j = 0; j < d; j++) M->gU[r * d + j] = 0.0f;
    for (int j = 0; j < dk; j++) M->gUp[r * dk + j] = 0.0f;
    M->rowOcc[r] = 0;
  }
  for (int i = 0; i < M->nColList; i++) {
    const int c = M->colList[i];
    for (int j = 0; j < d; j++) M->gV[c * d + j] = 0.0f;
    for (int j = 0; j < dk; j++) M->gVp[c * dk + j] = 0.0f;
    M->colOcc[c] = 0;
  }
  M->nRowList = 0;
  M->nColList = 0;
}
