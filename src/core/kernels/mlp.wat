;; The built-in training step's kernels (exercise 4, src/core/exercise/train-step.ts): the matrix products, 4 float32 lanes at
;; a time (WASM SIMD), the SGD update, and batch norm + tanh forward and backward.
;; All matrices are row-major float32 in linear memory; pointers are byte offsets. Each kernel ADDS into C, so the
;; caller presets C (to zeros or a broadcast bias). Columns past the last multiple of 4 are done one at a time.
(module
  (memory (export "memory") 1)

;; C[n, m] += A[n, k] @ B[k, m]
  ;; Blocks of 16 output columns keep their sums in four registers across the whole reduction (no memory traffic
  ;; for C inside it); then single vectors, then single columns. Each output adds its terms in the same order as a
  ;; plain triple loop.
  (func (export "gemm_nn") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (local $r i32) (local $q i32) (local $j i32) (local $m16 i32) (local $m4 i32)
    (local $crow i32) (local $bp i32) (local $sv v128) (local $s f32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $m16 (i32.and (local.get $m) (i32.const -16)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $r (i32.const 0))
    (block $done_r (loop $loop_r
      (br_if $done_r (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r) (local.get $m)) (i32.const 2))))
      (local.set $j (i32.const 0))
      ;; 16 columns at a time
      (block $done_16 (loop $loop_16
        (br_if $done_16 (i32.ge_u (local.get $j) (local.get $m16)))
        (local.set $c0 (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c1 (v128.load offset=16 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c2 (v128.load offset=32 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c3 (v128.load offset=48 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $q (i32.const 0))
        (block $done_q (loop $loop_q
          (br_if $done_q (i32.ge_u (local.get $q) (local.get $k)))
          (local.set $sv (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $k)) (local.get $q)) (i32.const 2))))))
          (local.set $bp (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $m)) (local.get $j)) (i32.const 2))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $sv) (v128.load (local.get $bp)))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $sv) (v128.load offset=16 (local.get $bp)))))
          (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $sv) (v128.load offset=32 (local.get $bp)))))
          (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $sv) (v128.load offset=48 (local.get $bp)))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $loop_q)))
        (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c0))
        (v128.store offset=16 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c1))
        (v128.store offset=32 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c2))
        (v128.store offset=48 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $loop_16)))
      ;; then 4 columns at a time
      (block $done_4 (loop $loop_4
        (br_if $done_4 (i32.ge_u (local.get $j) (local.get $m4)))
        (local.set $c0 (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $q (i32.const 0))
        (block $done_q4 (loop $loop_q4
          (br_if $done_q4 (i32.ge_u (local.get $q) (local.get $k)))
          (local.set $bp (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $m)) (local.get $j)) (i32.const 2))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $k)) (local.get $q)) (i32.const 2))))) (v128.load (local.get $bp)))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $loop_q4)))
        (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loop_4)))
      ;; then the last columns one at a time
      (block $done_1 (loop $loop_1
        (br_if $done_1 (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $s (f32.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $q (i32.const 0))
        (block $done_q1 (loop $loop_q1
          (br_if $done_q1 (i32.ge_u (local.get $q) (local.get $k)))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $k)) (local.get $q)) (i32.const 2))))
            (f32.load (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $m)) (local.get $j)) (i32.const 2)))))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $loop_q1)))
        (f32.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop_1)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loop_r))))

  ;; C[k, m] += A[n, k]^T @ B[n, m]   (weight gradients: dW = X.T @ dY)
  ;; Blocks of 16 output columns keep their sums in four registers across the whole reduction (no memory traffic
  ;; for C inside it); then single vectors, then single columns. Each output adds its terms in the same order as a
  ;; plain triple loop.
  (func (export "gemm_tn") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (local $r i32) (local $q i32) (local $j i32) (local $m16 i32) (local $m4 i32)
    (local $crow i32) (local $bp i32) (local $sv v128) (local $s f32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $m16 (i32.and (local.get $m) (i32.const -16)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $r (i32.const 0))
    (block $done_r (loop $loop_r
      (br_if $done_r (i32.ge_u (local.get $r) (local.get $k)))
      (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r) (local.get $m)) (i32.const 2))))
      (local.set $j (i32.const 0))
      ;; 16 columns at a time
      (block $done_16 (loop $loop_16
        (br_if $done_16 (i32.ge_u (local.get $j) (local.get $m16)))
        (local.set $c0 (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c1 (v128.load offset=16 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c2 (v128.load offset=32 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c3 (v128.load offset=48 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $q (i32.const 0))
        (block $done_q (loop $loop_q
          (br_if $done_q (i32.ge_u (local.get $q) (local.get $n)))
          (local.set $sv (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $r)) (i32.const 2))))))
          (local.set $bp (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $m)) (local.get $j)) (i32.const 2))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $sv) (v128.load (local.get $bp)))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $sv) (v128.load offset=16 (local.get $bp)))))
          (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $sv) (v128.load offset=32 (local.get $bp)))))
          (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $sv) (v128.load offset=48 (local.get $bp)))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $loop_q)))
        (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c0))
        (v128.store offset=16 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c1))
        (v128.store offset=32 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c2))
        (v128.store offset=48 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $loop_16)))
      ;; then 4 columns at a time
      (block $done_4 (loop $loop_4
        (br_if $done_4 (i32.ge_u (local.get $j) (local.get $m4)))
        (local.set $c0 (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $q (i32.const 0))
        (block $done_q4 (loop $loop_q4
          (br_if $done_q4 (i32.ge_u (local.get $q) (local.get $n)))
          (local.set $bp (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $m)) (local.get $j)) (i32.const 2))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $r)) (i32.const 2))))) (v128.load (local.get $bp)))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $loop_q4)))
        (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loop_4)))
      ;; then the last columns one at a time
      (block $done_1 (loop $loop_1
        (br_if $done_1 (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $s (f32.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $q (i32.const 0))
        (block $done_q1 (loop $loop_q1
          (br_if $done_q1 (i32.ge_u (local.get $q) (local.get $n)))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $r)) (i32.const 2))))
            (f32.load (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $m)) (local.get $j)) (i32.const 2)))))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $loop_q1)))
        (f32.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop_1)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loop_r))))

  ;; C[n, m] = A[n, k] @ B[m, k]^T   (input gradients: dX = dY @ W.T), one dot product per output
  (func (export "gemm_nt") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $j i32) (local $p i32) (local $k4 i32)
    (local $arow i32) (local $brow i32) (local $acc v128) (local $s f32)
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $arow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $done_j (loop $loop_j
        (br_if $done_j (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $brow (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2))))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $done_p (loop $loop_p
          (br_if $done_p (i32.ge_u (local.get $p) (local.get $k4)))
          (local.set $acc
            (f32x4.add (local.get $acc)
              (f32x4.mul
                (v128.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2))))
                (v128.load (i32.add (local.get $brow) (i32.shl (local.get $p) (i32.const 2)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $loop_p)))
        (local.set $s
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $done_t (loop $loop_t
          (br_if $done_t (i32.ge_u (local.get $p) (local.get $k)))
          (local.set $s
            (f32.add (local.get $s)
              (f32.mul
                (f32.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2))))
                (f32.load (i32.add (local.get $brow) (i32.shl (local.get $p) (i32.const 2)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $loop_t)))
        (f32.store
          (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2)))
          (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop_j)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))
;; y[0..n) += alpha * x[0..n)   (the SGD update p += -lr * grad over a whole parameter)
  (func (export "axpy") (param $x i32) (param $y i32) (param $n i32) (param $alpha f32)
    (local $i i32) (local $n4 i32) (local $av v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $av (f32x4.splat (local.get $alpha)))
    (local.set $i (i32.const 0))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
      (v128.store
        (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))
        (f32x4.add
          (v128.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2))))
          (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $done_t (loop $loop_t
      (br_if $done_t (i32.ge_u (local.get $i) (local.get $n)))
      (f32.store
        (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))
        (f32.add
          (f32.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2))))
          (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_t))))
;; exp(x) for 4 lanes: Cephes' expf (range reduction by ln 2, degree-5 polynomial, 2^n by exponent bits)
  (func $exp4 (param $x v128) (result v128)
    (local $fx v128) (local $z v128) (local $y v128)
    (local.set $x (f32x4.min (local.get $x) (v128.const f32x4 88.3762626647949 88.3762626647949 88.3762626647949 88.3762626647949)))
    (local.set $x (f32x4.max (local.get $x) (v128.const f32x4 -88.3762626647949 -88.3762626647949 -88.3762626647949 -88.3762626647949)))
    (local.set $fx (f32x4.floor (f32x4.add
      (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
      (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (local.set $x (f32x4.sub (local.get $x) (f32x4.mul (local.get $fx) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $x (f32x4.add (local.get $x) (f32x4.mul (local.get $fx) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $y (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (local.get $z)) (local.get $x)) (v128.const f32x4 1 1 1 1)))
    (f32x4.mul (local.get $y)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $fx)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; tanh(x) for 4 lanes: Cephes' tanhf (an odd polynomial below 0.625, else 1 - 2/(exp(2|x|) + 1) with x's sign)
  (func $tanh4 (param $x v128) (result v128)
    (local $a v128) (local $s v128) (local $small v128) (local $big v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $s (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $small (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $s)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
    (local.set $small (f32x4.sub (f32x4.mul (local.get $small) (local.get $s)) (v128.const f32x4 5.37397155531e-2 5.37397155531e-2 5.37397155531e-2 5.37397155531e-2)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $s)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
    (local.set $small (f32x4.sub (f32x4.mul (local.get $small) (local.get $s)) (v128.const f32x4 3.33332819422e-1 3.33332819422e-1 3.33332819422e-1 3.33332819422e-1)))
    (local.set $small (f32x4.add (f32x4.mul (f32x4.mul (local.get $small) (local.get $s)) (local.get $x)) (local.get $x)))
    (local.set $big (f32x4.sub (v128.const f32x4 1 1 1 1)
      (f32x4.div (v128.const f32x4 2 2 2 2)
        (f32x4.add (call $exp4 (f32x4.add (local.get $a) (local.get $a))) (v128.const f32x4 1 1 1 1)))))
    ;; give the large branch x's sign bit
    (local.set $big (v128.or (local.get $big) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (v128.bitselect (local.get $small) (local.get $big)
      (f32x4.lt (local.get $a) (v128.const f32x4 0.625 0.625 0.625 0.625))))

  ;; batch norm's normalisation and the tanh, for H a multiple of 4:
  ;; bnraw = (hpre - mean) * inv;  h = tanh(gain * bnraw + bias)   over (n, H), with mean, inv, gain, bias (H,)
  (func (export "bn_tanh") (param $hpre i32) (param $mean i32) (param $inv i32) (param $gain i32) (param $bias i32)
    (param $bnraw i32) (param $h i32) (param $n i32) (param $H i32)
    (local $i i32) (local $j i32) (local $o i32) (local $col i32) (local $r v128)
    (local.set $i (i32.const 0))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $j (i32.const 0))
      (block $done_j (loop $loop_j
        (br_if $done_j (i32.ge_u (local.get $j) (local.get $H)))
        (local.set $col (i32.shl (local.get $j) (i32.const 2)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $H)) (local.get $j)) (i32.const 2)))
        (local.set $r (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $hpre) (local.get $o))) (v128.load (i32.add (local.get $mean) (local.get $col))))
          (v128.load (i32.add (local.get $inv) (local.get $col)))))
        (v128.store (i32.add (local.get $bnraw) (local.get $o)) (local.get $r))
        (v128.store (i32.add (local.get $h) (local.get $o))
          (call $tanh4 (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $gain) (local.get $col))) (local.get $r))
            (v128.load (i32.add (local.get $bias) (local.get $col))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loop_j)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))
;; batch norm and tanh backward (exercise 3's formula), 4 columns at a time, for H a multiple of 4:
  ;; dh <- (1 - h**2) * dh (dhpreact); dbias = sum(dh, 0); dgain = sum(dh * bnraw, 0);
  ;; dhpre = gain*inv/n * (n*dh - dbias - c*bnraw*dgain) with c = n/(n-1); db1 = sum(dhpre, 0)
  (func (export "bn_tanh_backward") (param $dh i32) (param $h i32) (param $bnraw i32) (param $gain i32) (param $inv i32)
    (param $dhpre i32) (param $dgain i32) (param $dbias i32) (param $db1 i32) (param $n i32) (param $H i32)
    (local $i i32) (local $j i32) (local $o i32) (local $col i32)
    (local $g v128) (local $hv v128) (local $sd v128) (local $sdr v128) (local $s1 v128) (local $v v128)
    (local $scale v128) (local $slope v128) (local $nv v128) (local $c v128)
    (local.set $nv (f32x4.splat (f32.convert_i32_u (local.get $n))))
    (local.set $c (f32x4.splat (f32.demote_f64 (f64.div (f64.convert_i32_u (local.get $n)) (f64.convert_i32_u (i32.sub (local.get $n) (i32.const 1)))))))
    (local.set $j (i32.const 0))
    (block $done_j (loop $loop_j
      (br_if $done_j (i32.ge_u (local.get $j) (local.get $H)))
      (local.set $col (i32.shl (local.get $j) (i32.const 2)))
      (local.set $sd (v128.const f32x4 0 0 0 0))
      (local.set $sdr (v128.const f32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (block $done_a (loop $loop_a
        (br_if $done_a (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $H)) (local.get $j)) (i32.const 2)))
        (local.set $hv (v128.load (i32.add (local.get $h) (local.get $o))))
        (local.set $g (f32x4.mul
          (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $hv) (local.get $hv)))
          (v128.load (i32.add (local.get $dh) (local.get $o)))))
        (v128.store (i32.add (local.get $dh) (local.get $o)) (local.get $g))
        (local.set $sd (f32x4.add (local.get $sd) (local.get $g)))
        (local.set $sdr (f32x4.add (local.get $sdr) (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $bnraw) (local.get $o))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $loop_a)))
      (v128.store (i32.add (local.get $dbias) (local.get $col)) (local.get $sd))
      (v128.store (i32.add (local.get $dgain) (local.get $col)) (local.get $sdr))
      (local.set $scale (f32x4.div
        (f32x4.mul (v128.load (i32.add (local.get $gain) (local.get $col))) (v128.load (i32.add (local.get $inv) (local.get $col))))
        (local.get $nv)))
      (local.set $s1 (v128.const f32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (block $done_b (loop $loop_b
        (br_if $done_b (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $H)) (local.get $j)) (i32.const 2)))
        (local.set $v (f32x4.mul (local.get $scale)
          (f32x4.sub
            (f32x4.sub (f32x4.mul (local.get $nv) (v128.load (i32.add (local.get $dh) (local.get $o)))) (local.get $sd))
            (f32x4.mul (f32x4.mul (local.get $c) (v128.load (i32.add (local.get $bnraw) (local.get $o)))) (local.get $sdr)))))
        (v128.store (i32.add (local.get $dhpre) (local.get $o)) (local.get $v))
        (local.set $s1 (f32x4.add (local.get $s1) (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $loop_b)))
      (v128.store (i32.add (local.get $db1) (local.get $col)) (local.get $s1))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $loop_j))))
)
