// Appraises the embedded default model through the installed headers and library.
#include <adva/adva.hpp>
#include <adva/io/model_json.hpp>

#include <iostream>

int main() {
    const adva::appraisal model = adva::io::default_model();
    const adva::appraisal_result result = adva::appraise(model);
    if (result.ranking.empty()) {
        std::cerr << "consumer: empty ranking\n";
        return 1;
    }
    std::cout << "consumer: winner " << result.ranking.front().option << " with "
              << result.ranking.front().total << "\n";
    return 0;
}
