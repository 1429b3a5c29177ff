// Appraises the embedded default model through the installed headers and library, and reads its
// scoring sheet back from a workbook (libxlsxwriter, libzip, expat: linked through adva::io alone).
#include <adva/adva.hpp>
#include <adva/io/model_json.hpp>
#include <adva/io/scoring_sheet.hpp>

#include <iostream>

int main() {
    const adva::appraisal model = adva::io::default_model();
    const adva::appraisal_result result = adva::appraise(model);
    if (result.ranking.empty()) {
        std::cerr << "consumer: empty ranking\n";
        return 1;
    }
    const auto sheet = adva::io::scoresheet(model);
    if (adva::io::parse_xlsx(adva::io::sheet_to_xlsx(sheet), "sheet.xlsx").rows.size() != sheet.rows.size()) {
        std::cerr << "consumer: the scoring sheet does not read back from its workbook\n";
        return 1;
    }
    std::cout << "consumer: winner " << result.ranking.front().option << " with "
              << result.ranking.front().total << "\n";
    return 0;
}
