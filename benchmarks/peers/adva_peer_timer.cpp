// Times adva on a matrix written by compare_peers.py as the Python peers are timed (best of
// REPEATS runs, after an untimed warm-up like the one the peers get in their process): from the ready
// row-major matrix in memory (as a numpy array is handed to the peers) to the result, so the timed
// region includes building and validating the decision matrix (a zero-copy decision_matrix_view;
// PROMETHEE takes its column-major copy) and every output the method returns (distances,
// closeness, S/R/Q, ranking, compromise). Prints one JSON object:
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
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(n, 1.0 / double(n));
    const std::vector<adva::preference> usual(static_cast<std::size_t>(n));

    Eigen::VectorXd result;
    auto run_once = [&] {
        const adva::decision_matrix_view view(raw.data(), m, n, types);
        if (method == "topsis") result = adva::topsis(view, w).closeness;
        else if (method == "vikor") result = adva::vikor(view, w).Q;
        else if (method == "promethee2_usual") result = adva::promethee2(view.to_matrix(), w, usual).phi;
        else return false;
        return true;
    };
    // Warm-up, untimed: the Python peers are timed in a process that has already imported them and
    // run the other peer for seconds; this gives adva the same warm caches, thread pool and clock.
    for (const auto t0 = std::chrono::steady_clock::now(); std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(300);)
        if (!run_once()) {
            std::cerr << "unknown method " << method << "\n";
            return 2;
        }
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        run_once();
        const auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    }
    std::printf("{\"method\": \"%s\", \"seconds\": %.9g, \"result\": [", method.c_str(), best);
    for (Eigen::Index i = 0; i < result.size(); ++i) std::printf("%s%.17g", i ? ", " : "", result[i]);
    std::printf("]}\n");
    return 0;
}
