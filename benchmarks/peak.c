/* Reloj y rendimiento FP32 de este procesador, medidos con todos los núcleos a la vez.
 *
 * - Reloj: una cadena de sumas enteras dependientes (1 ciclo cada una) da ciclos/s.
 * - FMA: 16 acumuladores AVX-512 (o AVX2) independientes dan FLOP/s sostenidos.
 * Imprime: hilos, GHz medidos, FLOP/ciclo/núcleo medidos, carriles FP32.
 * Compilar: gcc -O2 -march=native -pthread peak.c -o peak
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#else
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define ITERS 200000000ULL

static void *add_chain(void *out) {
    uint64_t x = 0, n = ITERS;
    double t = now();
    /* 8 sumas dependientes por vuelta: 8 ciclos por vuelta. */
    __asm__ volatile(
        "1:\n\t"
        "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
        "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
        "dec %1\n\tjnz 1b\n"
        : "+r"(x), "+r"(n));
    *(double *)out = 8.0 * ITERS / (now() - t);
    return NULL;
}

static void *fma_chains(void *out) {
    vec a = SET1(1.0f), b = SET1(0.9999999f);
    vec c0 = SET1(0.f), c1 = SET1(0.f), c2 = SET1(0.f), c3 = SET1(0.f);
    vec c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    vec c12 = c0, c13 = c0, c14 = c0, c15 = c0;
    uint64_t n = ITERS / 8;
    double t = now();
    for (uint64_t i = 0; i < n; i++) {
        c0 = FMA(a, b, c0); c1 = FMA(a, b, c1); c2 = FMA(a, b, c2); c3 = FMA(a, b, c3);
        c4 = FMA(a, b, c4); c5 = FMA(a, b, c5); c6 = FMA(a, b, c6); c7 = FMA(a, b, c7);
        c8 = FMA(a, b, c8); c9 = FMA(a, b, c9); c10 = FMA(a, b, c10); c11 = FMA(a, b, c11);
        c12 = FMA(a, b, c12); c13 = FMA(a, b, c13); c14 = FMA(a, b, c14); c15 = FMA(a, b, c15);
        __asm__ volatile("" : "+v"(c0), "+v"(c1), "+v"(c2), "+v"(c3), "+v"(c4), "+v"(c5),
                         "+v"(c6), "+v"(c7));
        /* Sin esta barrera el compilador fusiona acumuladores idénticos. */
        __asm__ volatile("" : "+v"(c8), "+v"(c9), "+v"(c10), "+v"(c11), "+v"(c12),
                         "+v"(c13), "+v"(c14), "+v"(c15));
    }
    double dt = now() - t;
    vec s = ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7)));
    s = ADD(s, ADD(ADD(ADD(c8, c9), ADD(c10, c11)), ADD(ADD(c12, c13), ADD(c14, c15))));
    float sink[LANES];
    STORE(sink, s);
    if (sink[0] == 12345.f) puts("");
    *(double *)out = (double)n * 16 * LANES * 2 / dt;
    return NULL;
}

static double run_all(void *(*fn)(void *), int threads) {
    pthread_t tid[256];
    double res[256];
    for (int i = 0; i < threads; i++) pthread_create(&tid[i], NULL, fn, &res[i]);
    double mean = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        mean += res[i] / threads;
    }
    return mean;
}

int main(void) {
    int threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads > 256) threads = 256;
    run_all(add_chain, threads); /* calentar: que el reloj suba */
    double hz = run_all(add_chain, threads);
    double flops = run_all(fma_chains, threads);
    double hz2 = run_all(add_chain, threads);
    if (hz2 > hz) hz = hz2;
    printf("%d %.4f %.3f %d\n", threads, hz / 1e9, flops / hz, LANES);
    return 0;
}
