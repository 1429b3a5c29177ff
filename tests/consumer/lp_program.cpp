// adva::lp alone: dominance with potential optimality, whose LP is solved by COIN-OR Clp.
// Links no libcrypto (run.sh checks the link command).
#include <adva/analysis/dominance.hpp>

#include <iostream>

int main() {
    // "middle" is dominated by no one, yet no weights make it first: the others' mix beats it.
    const Eigen::MatrixXd values{{0, 100}, {100, 0}, {40, 40}};
    const auto entries = adva::dominance(values, {0, 1, 2}, {"left", "right", "middle"});
    for (const auto& e : entries)
        std::cout << "lp: " << e.option << (e.potentially_optimal ? " potentially optimal" : " never first") << "\n";
    return entries[0].potentially_optimal && entries[1].potentially_optimal && !entries[2].potentially_optimal ? 0 : 1;
}
