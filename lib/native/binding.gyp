{
  "targets": [
    {
      "target_name": "kubeforge_yaml",
      "sources": ["yaml-to-json.cc"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++14", "-std=gnu++17"],
      "cflags_cc": ["-fexceptions", "-std=c++17", "-O2"]
    }
  ]
}
