// Times adva on a matrix written by compare_peers.py by the rule the Python peers are timed by:
// calls back to back until BUDGET seconds are spent (at least one), fastest and median call. A call
// goes from the ready row-major matrix in memory (as a numpy array is handed to the peers) to the
// result, so it includes building and validating the decision matrix (a zero-copy
// decision_matrix_view; PROMETHEE takes its column-major copy) and every output the method returns
// (distances, closeness, S/R/Q, ranking, compromise). Prints one JSON object:
//   {"method": ..., "seconds": fastest, "median_seconds": ..., "calls": ..., "result": [...]}
// Usage: adva_peer_timer METHOD FILE.f64 ROWS COLS BUDGET_SECONDS
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
        std::cerr << "usage: adva_peer_timer METHOD FILE.f64 ROWS COLS BUDGET_SECONDS\n";
        return 2;
    }
    const std::string method = argv[1];
    const Eigen::Index m = std::stol(argv[3]), n = std::stol(argv[4]);
    const double budget = std::stod(argv[5]);
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
    std::vector<double> times;
    for (double spent = 0; times.empty() || spent < budget; spent += times.back()) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!run_once()) {
            std::cerr << "unknown method " << method << "\n";
            return 2;
        }
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    std::printf("{\"method\": \"%s\", \"seconds\": %.9g, \"median_seconds\": %.9g, \"calls\": %zu, \"result\": [", method.c_str(),
                times.front(), times[times.size() / 2], times.size());
    for (Eigen::Index i = 0; i < result.size(); ++i) std::printf("%s%.17g", i ? ", " : "", result[i]);
    std::printf("]}\n");
    return 0;
}
