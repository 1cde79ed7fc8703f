{
  "targets": [
    {
      "target_name": "pretrain_native",
      "sources": [
        "native/addon.cc",
        "native/elementwise.cc",
        "native/fused.cc",
        "native/fused_addon.cc",
        "native/gemm.cc",
        "native/layout.cc",
        "native/pool.cc",
        "native/reduce.cc"
      ],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fexceptions"],
      "conditions": [
        ["OS=='linux'", {
          "cflags_cc": ["<!(node -p \"process.env.PRETRAIN_NATIVE_MARCH ? '-march=' + process.env.PRETRAIN_NATIVE_MARCH : '-march=native'\")"],
          "libraries": ["-lopenblas", "-lpthread"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"]
          },
          "defines": ["ACCELERATE_NEW_LAPACK"],
          "libraries": ["-framework Accelerate"]
        }]
      ]
    }
  ]
}
