// Times adva on a matrix written by compare_peers.py, measuring only the computation (the matrix
// is already in memory), as the Python peers are timed. Prints one JSON object:
//   {"method": ..., "seconds": best-of-repeats, "result": [...]}
// Usage: adva_peer_timer METHOD FILE.f64 ROWS COLS REPEATS
//   METHOD: topsis | vikor | promethee2_usual
// Criterion j is a cost criterion when j % 3 == 2; weights are equal (the script uses the same).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "adva/methods/methods.hpp"

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: adva_peer_timer METHOD FILE.f64 ROWS COLS REPEATS\n";
        return 2;
    }
    const std::string method = argv[1];
    const Eigen::Index m = std::stol(argv[3]), n = std::stol(argv[4]);
    const int repeats = std::stoi(argv[5]);
    // Row-major float64, as numpy's tofile() writes it.
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> raw(m, n);
    std::ifstream f(argv[2], std::ios::binary);
    f.read(reinterpret_cast<char*>(raw.data()), std::streamsize(sizeof(double) * std::size_t(m * n)));
    if (!f) {
        std::cerr << "cannot read " << argv[2] << "\n";
        return 2;
    }
    std::vector<adva::objective> types;
    for (Eigen::Index j = 0; j < n; ++j) types.push_back(j % 3 == 2 ? adva::objective::cost : adva::objective::benefit);
    const adva::decision_matrix dm(Eigen::MatrixXd(raw), types);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(n, 1.0 / double(n));
    const std::vector<adva::preference> usual(static_cast<std::size_t>(n));

    Eigen::VectorXd result;
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        if (method == "topsis") result = adva::topsis(dm, w).closeness;
        else if (method == "vikor") result = adva::vikor(dm, w).Q;
        else if (method == "promethee2_usual") result = adva::promethee2(dm, w, usual).phi;
        else { std::cerr << "unknown method " << method << "\n"; return 2; }
        const auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    }
    std::printf("{\"method\": \"%s\", \"seconds\": %.9g, \"result\": [", method.c_str(), best);
    for (Eigen::Index i = 0; i < result.size(); ++i) std::printf("%s%.17g", i ? ", " : "", result[i]);
    std::printf("]}\n");
    return 0;
}
