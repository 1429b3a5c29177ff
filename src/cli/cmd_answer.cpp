// adva answer: record the stakeholder groups' answers to the question set, before the framing is
// locked (function before form: answers are part of the framing).
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "adva/error_sink.hpp"
#include "adva/io/decode.hpp"
#include "adva/io/model_json.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "adva/weights/elicitation.hpp"
#include "cli_output.hpp"
#include "cli_record.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* answer_help =
    "usage: adva answer MODEL QUESTION --group G [--swing C=V,C=V...] [--applies yes|no] [--text T]\n"
    "                   [--rationale WHY] [--by WHO] [--out FILE [--force]]\n"
    "       adva answer MODEL --from ANSWERS.json [--out FILE [--force]]\n"
    "\n"
    "Records a stakeholder group's answer to a question of the question set (adva questions MODEL):\n"
    "swing weights for a weight question, whether its gates apply for a gate question, words for an\n"
    "anchor or context question. An answer replaces the same group's earlier answer to that question.\n"
    "Answers are part of the framing: refused once it is locked (reopen it first, with a reason).\n"
    "The whole model is validated with the answers in place; on any error nothing is written.\n"
    "The model is rewritten in place (atomically) unless --out is given.\n"
    "\n"
    "  --group G       the stakeholder group answering (required with QUESTION)\n"
    "  --swing C=V,... weight questions: a swing weight (0-100, the most important swing 100) for\n"
    "                  every criterion the question links, e.g. --swing SF_practice=100,SF_partnership=40\n"
    "  --applies yes|no  gate questions: no when the question's gates do not apply to this appraisal\n"
    "                  (e.g. no statutory direction); the rationale is recorded as the reason\n"
    "  --text T        the answer in words\n"
    "  --rationale WHY why\n"
    "  --by WHO        who gave it (a person or panel)\n"
    "  --from FILE     many answers: {\"Q1\": answer or [answer, ...], ...}, each answer as in a model\n"
    "                  file: {\"group\": \"members\", \"by\": ..., \"text\": ..., \"rationale\": ..., \"swing\": {...}}\n"
    "  --out FILE      write the model to FILE instead of MODEL (- for standard output)\n"
    "  --force         replace FILE if it exists (rewriting MODEL itself needs no --force)\n";

/// "SF_practice=100,SF_partnership=40" → {criterion: swing}; every pair checked here, the
/// criteria and ranges by validate().
std::map<std::string, double> parse_swings(const std::string& text) {
    std::map<std::string, double> swings;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string pair = text.substr(start, end - start);
        const std::size_t eq = pair.find('=');
        std::size_t used = 0;
        double value = NAN;
        if (eq != std::string::npos && eq > 0) {
            try {
                value = std::stod(pair.substr(eq + 1), &used);
            } catch (const std::exception&) {
                used = 0;
            }
        }
        if (eq == std::string::npos || eq == 0 || used == 0 || used != pair.size() - eq - 1 || !std::isfinite(value))
            throw usage_error("answer", "--swing takes CRITERION=NUMBER pairs separated by commas", quote_seen(pair));
        if (!swings.emplace(pair.substr(0, eq), value).second)
            throw usage_error("answer", "--swing names a criterion twice", quote_seen(pair.substr(0, eq)));
        start = end + 1;
    }
    return swings;
}

}  // namespace

void record_answers(const parsed_args& p, appraisal model, std::vector<question_answer>& answers, std::ostream& out) {
    const auto target = model_output(p);
    error_sink first_error;
    for (auto& qa : answers)  // an elicited answer's swings, before the answers are checked as any other
        for (const auto& f : model.functions)
            for (const auto& q : f.questions)
                if (q.id == qa.question) derive_elicited_answer(q, qa.given, qa.where, first_error);
    const std::vector<bool> replaced = answer_questions(model, answers);
    // A bisection or MACBETH scale gives its criteria's value functions: the ones the answers it
    // replaces gave go, and every value function is derived afresh (records that agree are kept).
    for (const auto& qa : answers)
        for (const std::string& id : valued_criteria(qa.given.elicited))
            if (const auto c = model.criterion_index(id)) {
                value_function& v = model.criteria[*c].value;
                v = value_function{.kind = value_function_kind::direct, .unit = v.unit};
            }
    derive_elicited_weights(model, first_error);
    // The value functions the answers gave are part of the model now: checked as any other, before
    // anything is written (answer_questions checked the model before they were applied).
    validate(model, weight_completeness::in_progress);
    std::string summary;
    for (std::size_t k = 0; k < answers.size() && summary.size() < 4000; ++k)
        summary += std::string(replaced[k] ? "replaced" : "recorded") + ": " + answers[k].question + " answered by group " +
                   answers[k].given.group + "\n";
    if (summary.size() >= 4000) summary += "...\n";
    error_sink left(error_sink::mode::collect);  // only missing weights can be left (answer_questions)
    validate(model, left);
    if (!left.empty())
        summary += "still to answer before lock: " + std::to_string(left.count()) + " missing weights (adva validate " +
                   p.positional[0] + " lists them)\n";
    write_model(target, model, out, summary);
}

int run_answer(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "answer",
                                  {{"group"}, {"swing"}, {"applies"}, {"text"}, {"rationale"}, {"by"}, {"from"}, {"out"}, {"force", false}},
                                  1, 2);
        if (p.help) {
            out << answer_help;
            return 0;
        }
        const auto from = p.value("from");
        std::vector<question_answer> answers;
        if (from) {
            if (p.positional.size() != 1) throw usage_error("answer", "with --from, give MODEL only");
            for (const char* one : {"group", "swing", "applies", "text", "rationale", "by"})
                if (p.value(one)) throw usage_error("answer", std::string("--") + one + " describes one answer: put it in the --from file");
            answers = io::read_json_as(*from, {}, "answers file",
                                       [](const nlohmann::json& d) { return io::question_answers_from_json(d); });
        } else {
            if (p.positional.size() != 2) throw usage_error("answer", "give MODEL QUESTION --group G ..., or MODEL --from FILE");
            question_answer qa{p.positional[1], {}, "QUESTION"};
            answer& given = qa.given;
            given.group = p.value("group").value_or(std::string());
            if (given.group.empty()) throw usage_error("answer", "--group G is required: every answer is a stakeholder group's");
            given.by = p.text("by").value_or(std::string());
            given.text = p.text("text").value_or(std::string());
            given.rationale = p.text("rationale").value_or(std::string());
            if (const auto swing = p.value("swing")) given.swing = parse_swings(*swing);
            if (const auto applies = p.value("applies")) {
                if (*applies != "yes" && *applies != "no") throw usage_error("answer", "--applies is yes or no", quote_seen(*applies));
                given.applies = *applies == "yes";
            }
            answers.push_back(std::move(qa));
        }
        record_answers(p, io::load_model(p.positional[0]), answers, out);
        return 0;
    });
}

}  // namespace adva::cli
