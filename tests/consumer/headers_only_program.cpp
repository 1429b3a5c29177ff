// adva::adva alone: the umbrella header, the methods, weights and SMAA on a bare decision matrix.
// Links no adva library, no LP solver and no libcrypto (run.sh checks the link command).
#include <adva/adva.hpp>
#include <adva/analysis/smaa.hpp>
#include <adva/methods/methods.hpp>
#include <adva/weights/weights.hpp>

#include <iostream>

// The umbrella and kernel headers bring in neither the solver, the crypto library nor the JSON library.
#if defined(ClpSimplex_H) || defined(OPENSSL_EVP_H) || defined(INCLUDE_NLOHMANN_JSON_HPP_)
#error "adva::adva headers pulled in Clp, OpenSSL or nlohmann/json"
#endif

int main() {
    const adva::decision_matrix dm(Eigen::MatrixXd{{250, 16, 12}, {200, 16, 8}, {300, 32, 16}, {275, 32, 8}},
                                   {adva::objective::cost, adva::objective::benefit, adva::objective::benefit});
    const adva::entropy_result weights = adva::entropy_weights(dm);
    const adva::topsis_result topsis = adva::topsis(dm, weights.weights);

    adva::smaa_problem problem;
    problem.values = Eigen::MatrixXd{{1.0, 0.0}, {0.0, 1.0}, {0.4, 0.4}};
    adva::smaa_options options;
    options.samples = 20000;
    options.seed = 7;
    const adva::smaa_result smaa = adva::smaa(problem, options);

    std::cout << "headers only: TOPSIS closeness of the first alternative " << topsis.closeness[0]
              << ", its SMAA first-rank acceptability " << smaa.rank_acceptability(0, 0) << "\n";
    // The third alternative is never first: its value is below the better of the other two.
    return topsis.ranking.size() == 4 && smaa.rank_acceptability(2, 0) == 0.0 ? 0 : 1;
}
