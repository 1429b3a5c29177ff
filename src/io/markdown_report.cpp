// The decision report as Markdown (docs/report.md): the HTML report's sections as text tables, for
// pasting into a council template.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "adva/io/decision_report.hpp"
#include "adva/io/economics_report.hpp"
#include "adva/io/report.hpp"
#include "decision_text.hpp"
#include "report_text.hpp"

namespace adva::io {

namespace {

using namespace report_text;
using namespace decision_text;

std::string heading(const char* id) { return std::string("\n## ") + section_title(id) + "\n\n"; }

std::string named(const appraisal& m, const std::string& id) { return md(id) + " " + md(option_name(m, id)); }

}  // namespace

std::string markdown_decision_report(const appraisal& model, const decision_report& report, const std::string& model_path) {
    std::ostringstream out;
    const appraisal_result& r = report.result;
    const auto& ctx = model.context;
    out << "# " << md(ctx.title.empty() ? std::string("Options appraisal") : ctx.title) << "\n\n";
    if (!ctx.organisation.empty() || !ctx.service.empty())
        out << md(ctx.organisation) << (ctx.organisation.empty() || ctx.service.empty() ? "" : " · ") << md(ctx.service) << "\n\n";
    if (model.illustrative)
        out << "> **Illustrative model:** the council, scores and costs are illustrative, not evidence.\n\n";

    out << heading("summary").substr(1);
    for (const auto& s : summary_sentences(model, report)) out << "- " << md(s) << "\n";
    const auto warnings = listed_warnings(r);
    out << "\n**Warnings:**" << (warnings.empty() ? " none.\n" : "\n\n");
    for (const auto& w : warnings) out << "- " << md(w) << "\n";

    out << heading("context");
    if (!ctx.trigger.empty()) out << "**Trigger:** " << md(ctx.trigger) << "\n\n";
    else out << "No trigger is recorded in the model.\n\n";
    out << "Horizon " << ctx.horizon_years << " years" << (ctx.base_year ? " from " + std::to_string(ctx.base_year) : "")
        << ", discount rate " << discount_text(ctx) << ", " << ctx.currency << " real prices. Weights: " << md(weight_set_text(model, r))
        << ".\n";
    if (!model.groups.empty()) {
        out << "\n| Stakeholder group | Influence in the consensus |\n|---|---|\n";
        for (const auto& g : model.groups)
            out << "| " << md(g.name.empty() ? g.id : g.name) << " | " << md(influence_text(g)) << " |\n";
    }

    const governance_status& g = r.governance;
    out << heading("function") << "- Lock status: **" << md(lock_status_text(g)) << "**\n"
        << "- Weights revised after scoring: " << g.weights_revised_after_scoring << "\n"
        << "- Scored before lock: " << (g.scored_before_lock ? "yes (options were scored while the framing was unlocked)" : "no") << "\n"
        << "- Weight set: " << md(weight_set_text(model, r)) << "\n";
    if (model.functions.empty()) out << "\nThe model has no question set.\n";
    for (const auto& f : model.functions) {
        out << "\n### " << md(f.id) << " " << md(f.name) << "\n\n";
        if (!f.description.empty()) out << md(f.description) << "\n\n";
        if (f.questions.empty()) {
            out << "No question under this function.\n";
            continue;
        }
        out << "| Question | Kind | Informs | Answers (group, who, why) |\n|---|---|---|---|\n";
        for (const auto& q : f.questions) {
            std::vector<std::string> informs = q.criteria;
            informs.insert(informs.end(), q.gates.begin(), q.gates.end());
            std::vector<std::string> answers;
            for (const auto& a : q.answers) {
                std::string text = "**" + md(group_name(model, a.group)) + "**" + (a.by.empty() ? "" : " (" + md(a.by) + ")") + ": " +
                                   md(a.text.empty() ? std::string("(no text)") : a.text);
                if (!a.rationale.empty()) text += " *Why:* " + md(a.rationale);
                if (const std::string how = elicitation_text(a); !how.empty()) text += " *" + md(how) + ".*";
                answers.push_back(text);
            }
            out << "| **" << md(q.id) << "** " << md(q.text) << " | " << question_kind_text(q.kind) << " | " << md(join(informs, ", ")) << " | "
                << (answers.empty() ? std::string("unanswered") : join(answers, "<br>")) << " |\n";
        }
    }

    out << heading("screening");
    if (r.screening.empty()) out << "The model has no options.\n";
    else out << "| Option | Name | Result | Reasons |\n|---|---|---|---|\n";
    for (const auto& s : r.screening) {
        const option* o = find_option(model, s.option);
        std::string word = screening_word(s);
        if (s.benchmark && !benchmark_kind(o).empty()) word += " (" + benchmark_kind(o) + ")";
        std::vector<std::string> reasons;
        for (const auto& x : screening_reasons(model, s)) reasons.push_back(md(x));
        out << "| " << md(s.option) << " | " << md(option_name(model, s.option)) << " | " << word << " | "
            << (reasons.empty() ? std::string("passes every gate") : join(reasons, "<br>")) << " |\n";
    }
    if (!model.gates.empty()) {
        out << "\n| Gate | Rule | Why it is a must-have |\n|---|---|---|\n";
        for (const auto& gt : model.gates)
            out << "| " << md(gt.id) << " " << md(gt.name) << " | " << md(gate_rule_text(model, gt)) << " | " << md(gt.description) << " |\n";
    } else {
        out << "\nThe model has no gates: every option is short-listed.\n";
    }

    out << heading("criteria");
    if (model.criteria.empty()) out << "The model has no criteria.\n";
    else out << "| Criterion | Parent | Scale and value function | 0 means | 100 means |\n|---|---|---|---|---|\n";
    for (const auto& c : model.criteria) {
        const bool leaf = model.children_of(c.id).empty();
        out << "| " << md(c.id) << " " << md(c.name) << " | " << md(c.parent.empty() ? std::string("–") : c.parent) << " | "
            << (leaf ? md(value_function_text(c)) : std::string("(aggregates its children)")) << " | " << md(c.anchor_low) << " | "
            << md(c.anchor_high) << " |\n";
    }

    out << heading("weights") << "Local weights, normalised within each parent.\n\n";
    std::vector<const appraisal_result*> sets;
    for (const auto& b : report.by_group) sets.push_back(&b);
    sets.push_back(&r);
    out << "| Criterion |";
    for (const auto* s : sets) out << " " << (s == &r ? std::string("Report (") + md(r.weights_name) + ")" : md(group_name(model, s->weights_name))) << " |";
    out << " Global (report) |\n|---|";
    for (std::size_t i = 0; i <= sets.size(); ++i) out << "---:|";
    out << "\n";
    for (std::size_t c = 0; c < model.criteria.size(); ++c) {
        out << "| " << md(model.criteria[c].id) << " |";
        for (const auto* s : sets) out << " " << fixed(s->weights.local[c], 3) << " |";
        out << " " << fixed(r.weights.global[c], 3) << " |\n";
    }
    for (const auto& note : g.imputations) out << "\n- Weights imputed: " << md(note) << "\n";

    // What each short-listed option scored and why, leaf by leaf (only scores with a rationale).
    out << heading("scores");
    std::size_t with_rationale = 0;
    std::ostringstream options;
    for (std::size_t k = 0; k < r.ranking.size() && k < max_report_score_tables; ++k) {
        const ranked_option& ro = r.ranking[k];
        const option* o = find_option(model, ro.option);
        if (!o) continue;
        std::ostringstream rows;
        for (const std::size_t leaf : r.leaf_indices) {
            const std::string& id = r.criterion_ids[leaf];
            const auto it = o->scores.find(id);
            if (it == o->scores.end() || it->second.rationale.empty()) continue;
            ++with_rationale;
            rows << "| " << md(id) << " | " << md(criterion_name(model, id)) << " | " << md(score_text(it->second)) << " | "
                 << md(it->second.rationale) << " |\n";
        }
        options << "### " << named(model, ro.option) << "\n\n";
        if (!o->evidence.empty()) options << "**Evidence:** " << md(o->evidence) << "\n\n";
        if (rows.str().empty()) options << "No score of this option has a rationale.\n\n";
        else options << "| Criterion | Name | Score | Rationale |\n|---|---|---|---|\n" << rows.str() << "\n";
    }
    if (r.ranking.empty()) out << "No option on the short list.\n";
    else if (with_rationale == 0) out << "No score of a short-listed option has a rationale.\n";
    else out << "Scores on each criterion's own scale; criteria without a rationale are left out.\n\n" << options.str();
    if (r.ranking.size() > max_report_score_tables)
        out << "The scores of the " << r.ranking.size() - max_report_score_tables
            << " lower-ranked options are left out here; they are in the model and the JSON result.\n";

    out << heading("ranking") << "Ranked by total value (0–100) with " << md(weight_set_text(model, r)) << ".\n\n";
    if (r.ranking.empty()) out << "No option on the short list.\n";
    else out << "| Rank | Option | Name | Total | Main contributions |\n|---:|---|---|---:|---|\n";
    for (const auto& ro : r.ranking) {
        std::vector<std::string> parts;
        for (const auto& c : top_contributions(r, row_of(r, ro.option), 3))
            parts.push_back(md(criterion_name(model, c.criterion)) + " " + fixed(c.points, 1));
        out << "| " << rank_text(ro) << " | " << md(ro.option) << " | " << md(option_name(model, ro.option)) << " | " << fixed(ro.total, 1)
            << " | " << join(parts, ", ") << " |\n";
    }

    out << heading("dominance");
    if (r.dominance.empty()) out << "Nothing to compare.\n";
    for (const auto& d : r.dominance) out << "- **" << md(d.option) << "** " << md(option_name(model, d.option)) << ": " << md(dominance_text(d)) << "\n";

    out << heading("value-for-money") << "NPV of costs " << cost_basis_text(model) << ", over " << ctx.horizon_years << " years at "
        << discount_text(ctx) << "; " << vfm_benefit_text(model) << " (0-100), so cost counts once."
        << (r.value_for_money_comparator.empty() ? std::string()
                                                 : " Value added and extra cost are over the comparator, " +
                                                       md(r.value_for_money_comparator) + " " +
                                                       md(option_name(model, r.value_for_money_comparator)) + ".")
        << "\n\n";
    if (r.value_for_money.empty()) {
        out << "No short-listed option has costs.\n";
    } else {
        const std::string per = currency_prefix(ctx.currency) + "m";
        out << "| Option | Name | NPV cost | Benefit | Value added | Extra cost | Value added per extra " << per
            << " | Frontier | Incremental per " << per << " |\n|---|---|---:|---:|---:|---:|---:|---|---:|\n";
        bool first_on_frontier = true;
        for (const auto* v : vfm_by_cost(r)) {
            std::string incremental = "–";
            if (v->on_frontier) {
                incremental = first_on_frontier ? "base" : fixed(v->incremental_benefit_per_cost, 2);
                first_on_frontier = false;
            }
            out << "| " << md(v->option) << " | " << md(option_name(model, v->option)) << " | " << millions(v->npv_cost, ctx.currency) << " | "
                << fixed(v->benefit, 1) << " | " << signed_text(v->value_added, 1) << " | "
                << (std::isnan(v->extra_cost) ? std::string("–") : signed_text(v->extra_cost / 1e6, 1)) << " | "
                << vfm_position_text(*v) << " | " << (v->on_frontier ? "yes" : "no") << " | "
                << incremental << " |\n";
        }
    }

    out << heading("economic-case");
    if (std::none_of(model.options.begin(), model.options.end(), [](const option& o) { return !o.costs.empty(); }))
        out << "No option has cost lines.\n";
    else
        out << "Net present cost before and after each line's optimism-bias uplift, in real prices"
            << (ctx.base_year ? " of " + std::to_string(ctx.base_year) : std::string()) << "; `adva economics` gives the cash flows by year.\n\n"
            << render_economic_case(model, compute_economic_case(model), report_format::markdown);

    out << heading("improvement");
    if (!model.improvement) {
        out << "The model has no improvement section: no trajectories to show (docs/trajectories.md).\n";
    } else if (!report.trajectories) {
        out << "Left out: " << md(report.trajectories_left_out) << ".\n";
    } else {
        const improvement_settings& s = *model.improvement;
        out << md(improvement_assumptions_text(model, report)) << "\n\n| Option | Name |";
        for (const auto& c : improvement_columns) out << " " << md(improvement_heading(c, s)) << " |";
        out << " Computed |\n|---|---|";
        for (std::size_t k = 0; k < std::size(improvement_columns); ++k) out << "---:|";
        out << "---|\n";
        for (const auto& m : *report.trajectories) {
            out << "| " << md(m.option) << " | " << md(option_name(model, m.option)) << " |";
            for (const auto& c : improvement_columns) out << " " << estimate_text(m.*c.measure, c.probability) << " |";
            out << " " << (m.exact ? "exact" : "Monte Carlo") << " |\n";
        }
        out << "\n" << md(improvement_meaning) << " `adva trajectory` gives each option's path and bands by year.\n";
    }

    out << heading("sensitivity");
    if (r.ranking.empty()) {
        out << "No option on the short list.\n";
    } else if (!report.sensitivity) {
        out << "Left out: the short list has more than " << max_report_robustness_options << " options.\n";
    } else {
        const auto& s = *report.sensitivity;
        out << "One top-level weight moved from 0 to 1, the others rescaled in proportion (proportional\\_siblings).\n\n"
            << "| Top-level criterion | Weight now | " << md(s.winner) << " first from | to | Crossings with " << md(s.winner) << " |\n"
            << "|---|---:|---:|---:|---|\n";
        for (std::size_t c : model.children_of("")) {
            const auto it = std::find_if(s.nodes.begin(), s.nodes.end(), [&](const node_sensitivity& n) { return n.node == model.criteria[c].id; });
            if (it == s.nodes.end()) continue;
            std::vector<std::string> breaks;
            for (const auto& x : it->crossovers)
                if (x.a == s.winner || x.b == s.winner) breaks.push_back(md(x.a == s.winner ? x.b : x.a) + " at " + fixed(x.weight, 3));
            out << "| " << md(it->node) << " " << md(criterion_name(model, it->node)) << " | " << fixed(it->weight, 3) << " | "
                << fixed(it->winner_stable.lower, 3) << " | " << fixed(it->winner_stable.upper, 3) << " | "
                << (breaks.empty() ? std::string("none") : join(breaks, ", ")) << " |\n";
        }
        const auto bars = score_range_tornado(model, report);
        out << "\n**Score ranges** (" << md(s.winner) << "'s total as each uncertain score moves over its range):\n\n";
        if (bars.empty()) out << "No score of " << md(s.winner) << " is uncertain.\n";
        else out << "| Criterion | Score range | Total, low | Total, high |\n|---|---|---:|---:|\n";
        for (const auto& b : bars)
            out << "| " << md(b.criterion) << " | " << md(b.range_text) << " | " << fixed(b.total_low, 1) << " | " << fixed(b.total_high, 1) << " |\n";
        out << "\n**The smallest weight change that changes the winner:** ";
        if (const auto& w = report.closest_rival) {
            out << named(model, w->option) << " ties for first when " << fixed(w->distance, 3)
                << " of the weight moves (l1, global leaf weights).\n\n| Criterion | Local weight now | Local weight then |\n|---|---:|---:|\n";
            for (std::size_t c = 0; c < w->nodes.size(); ++c)
                if (std::abs(w->new_local[c] - w->current_local[c]) >= 0.0005)
                    out << "| " << md(w->nodes[c]) << " | " << fixed(w->current_local[c], 3) << " | " << fixed(w->new_local[c], 3) << " |\n";
        } else if (r.ranking.size() < 2) {
            out << "only one option is on the short list.\n";
        } else {
            out << "no weights on the tree put another option first (" << report.rivals_tried << " rivals tried).\n";
        }
    }

    out << heading("smaa") << md(smaa_meaning) << "\n\n";
    if (!report.smaa) {
        out << (r.ranking.empty() ? std::string("No option on the short list.\n")
                                  : "Left out: the short list has more than " + std::to_string(max_summary_smaa_options) + " options.\n");
    } else {
        const auto& sm = *report.smaa;
        const Eigen::Index n = Eigen::Index(sm.options.size()), shown = std::min<Eigen::Index>(n, 10);
        out << "| Option |";
        for (Eigen::Index k = 0; k < shown; ++k) out << " Rank " << k + 1 << " |";
        out << " Confidence |\n|---|";
        for (Eigen::Index k = 0; k <= shown; ++k) out << "---:|";
        out << "\n";
        for (const auto& ro : r.ranking)
            for (Eigen::Index i = 0; i < n; ++i)
                if (sm.options[std::size_t(i)] == ro.option) {
                    out << "| " << md(ro.option) << " |";
                    for (Eigen::Index k = 0; k < shown; ++k) out << " " << fixed(sm.smaa.rank_acceptability(i, k), 3) << " |";
                    out << " " << fixed(sm.smaa.confidence_factors[i], 3) << " |\n";
                }
        out << "\n" << sm.smaa.samples << " samples, seed " << report.summary.seed << ".\n";
    }

    out << heading("stakeholders");
    if (!report.stakeholders) {
        out << "Left out: the short list has more than " << max_report_robustness_options << " options.\n";
    } else if (report.stakeholders->groups.empty()) {
        out << "No stakeholder group answered the weight questions: there is one view, the criteria's direct weights.\n";
    } else {
        const auto& s = *report.stakeholders;
        out << "| Weights of | Winner | Ranking (best first) |\n|---|---|---|\n";
        const auto row = [&](const group_ranking& gr, const std::string& name) {
            std::vector<std::string> order;
            for (const auto& x : gr.ranking) order.push_back(rank_text(x) + " " + md(x.option));
            out << "| " << md(name) << (gr.winner_differs ? " (differs)" : "") << " | " << md(join(gr.winners, " = ")) << " | "
                << clip(join(order, ", "), 400) << " |\n";
        };
        for (const auto& gr : s.groups) row(gr, group_name(model, gr.group));
        row(s.consensus, "Consensus");
        out << "\n" << (s.groups_with_different_winner.empty() ? "Every group's weights put the consensus winner first."
                                                                : "Groups whose weights put a different option first: " +
                                                                      md(join(s.groups_with_different_winner, ", ")) + ".")
            << "\n";
    }

    out << heading("methods") << "**Caution:** " << md(method_caution) << "\n\n";
    if (!report.methods) {
        out << "Left out: the short list has more than " << max_report_robustness_options << " options.\n";
    } else if (report.methods->options.empty()) {
        out << "No option on the short list.\n";
    } else {
        out << "| Method | Winner | Same winner | What the score means |\n|---|---|---|---|\n";
        for (const auto& x : report.methods->methods) {
            if (!x.applicable) out << "| " << md(std::string(to_string(x.method))) << " | not applicable: " << md(x.reason) << " | | |\n";
            else
                out << "| " << md(std::string(to_string(x.method))) << " | " << md(join(x.winners, " = ")) << " | "
                    << (x.same_winner_as_additive ? "yes" : "**no**") << " | " << md(x.score_meaning) << " |\n";
        }
    }

    out << heading("record") << "- State: **" << md(g.state()) << "**\n"
        << "- Framing digest: `" << g.current_digest << "`\n";
    if (!g.recorded_digest.empty() && g.recorded_digest != g.current_digest)
        out << "- Digest recorded by the lock: `" << g.recorded_digest << "`\n";
    if (g.state() == "locked")
        out << "- Verify against the digest published with the decision: `" << verify_command(g.current_digest, model_path) << "`\n";
    out << "- Revisions (reopenings): " << g.revisions << "\n"
        << "- Score changes recorded: " << g.score_changes_recorded << "\n";
    for (const auto& f : g.findings) out << "- " << (f.failure ? "Failure" : "Warning") << ": " << md(f.where) << ": " << md(f.message) << "\n";
    const auto& audit = model.governance.audit;
    if (audit.empty()) {
        out << "\nNo entry: the framing has never been locked.\n";
    } else {
        out << "\n| Time | Action | By | Reason |\n|---|---|---|---|\n";
        for (const auto& e : audit) {
            std::string reason = e.reason;
            if (const std::string changes = score_changes_text(e); !changes.empty()) reason += (reason.empty() ? "" : "; ") + changes;
            out << "| " << md(e.at) << " | " << md(e.action) << " | " << md(e.by) << " | " << md(reason) << " |\n";
        }
    }

    out << heading("elicitation");
    const auto elicited = elicitation_appendix(model);
    if (elicited.empty()) out << no_elicitation_text << "\n";
    for (const auto& e : elicited) {
        out << "### " << md(e.title) << "\n\n" << md(e.summary) << ".\n";
        for (const auto& t : e.tables) {
            out << "\n" << md(t.caption) << ":\n\n|";
            for (const auto& h : t.header) out << " " << md(h) << " |";
            out << "\n|";
            for (std::size_t k = 0; k < t.header.size(); ++k) out << "---|";
            out << "\n";
            for (const auto& row : t.rows) {
                out << "|";
                for (const auto& cell : row) out << " " << md(cell) << " |";
                out << "\n";
            }
        }
        out << "\n";
    }
    return out.str();
}

std::string markdown_report(const appraisal& model, const appraisal_result& result, const report_extras&) {
    decision_report_options options;
    if (result.weights_name != "consensus") options.group = result.weights_name;
    return markdown_decision_report(model, complete_decision_report(model, result, options));
}

}  // namespace adva::io
