#pragma once
// A small model that uses every field of the JSON model format v1 and every kind of score,
// written in the writer's canonical form (defaults left out, context figures always written),
// so model_to_json(parse_model(rich_model_text)) equals the text's JSON exactly.
#include <string>

namespace adva_test {

inline const std::string rich_model_text = R"json({
  "adva_model": 1,
  "illustrative": true,
  "context": {"title": "Test appraisal", "organisation": "Anytown Council", "service": "Children’s social care",
              "trigger": "Inadequate inspection", "base_year": 2026, "horizon_years": 10, "discount_rate": 0.035,
              "discount_schedule": "green_book_declining", "currency": "GBP"},
  "stakeholder_groups": [
    {"id": "members", "name": "Elected members", "description": "Cabinet and scrutiny", "influence": 2.0},
    {"id": "staff", "name": "Staff", "influence": 1.0}
  ],
  "consensus": {"method": "lead_group", "lead_group": "members"},
  "functions": [
    {"id": "F1", "name": "Safe practice", "description": "Keep children safe",
     "questions": [
       {"id": "Q1", "kind": "weight", "text": "How much does each factor matter?", "guidance": "Swing weights",
        "criteria": ["SF", "VFM"],
        "answers": [
          {"group": "members", "by": "Cabinet workshop", "text": "Fit first", "rationale": "Inspection findings",
           "swing": {"SF": 100, "VFM": 60}},
          {"group": "staff", "swing": {"SF": 80, "VFM": 100}}
        ]},
       {"id": "Q2", "kind": "gate", "text": "Must the vehicle be independent?", "gates": ["G1"],
        "answers": [{"group": "staff", "text": "Yes", "rationale": "Direction"}]},
       {"id": "Q3", "kind": "anchor", "criteria": ["C1"]},
       {"id": "Q4", "kind": "context", "criteria": ["C2"], "gates": ["G2"]}
     ]},
    {"id": "F2.x-y_z"}
  ],
  "criteria": [
    {"id": "SF", "name": "Strategic fit", "csf": "strategic_fit"},
    {"id": "VFM", "name": "Value for money", "csf": "potential_value_for_money"},
    {"id": "C1", "name": "Practice quality", "parent": "SF", "description": "Quality of social work practice",
     "anchors": {"low": "inadequate", "high": "outstanding"}, "tags": ["csf:strategic_fit", "ofsted"],
     "function": "F1", "weight": 40},
    {"id": "C2", "parent": "SF", "direction": "lower_is_better", "scale": "relative", "anchors": {"high": "best seen"},
     "weight": 60},
    {"id": "C3", "parent": "VFM", "direction": "lower_is_better",
     "value_function": {"kind": "linear", "upper": 3000, "unit": "£k"}, "weight": 1},
    {"id": "C4", "parent": "VFM",
     "value_function": {"kind": "piecewise_linear", "points": [[0, 0], [5, 80], [10, 100]], "unit": "weeks"},
     "weight": 2.5},
    {"id": "C5", "parent": "VFM", "value_function": {"kind": "exponential", "lower": 10, "upper": 50, "rho": -1.5},
     "weight": 0}
  ],
  "attributes": [
    {"id": "independent", "name": "Operational independence", "type": "boolean", "description": "Free of council control"},
    {"id": "legal_form", "type": "text"},
    {"id": "staff_transfer", "type": "number"}
  ],
  "gates": [
    {"id": "G1", "name": "Independence", "description": "Required by the direction", "kind": "attribute",
     "attribute": "independent", "op": "equals", "value": true, "on_unknown": "discount"},
    {"id": "G2", "kind": "threshold", "criterion": "C1", "op": "greater_equal", "threshold": 40},
    {"id": "G3", "kind": "attribute", "attribute": "legal_form", "op": "one_of", "values": ["company", "trust"]},
    {"id": "G4", "kind": "attribute", "attribute": "staff_transfer", "op": "less_equal", "value": 500}
  ],
  "vehicle_types": [{"id": "shared_service", "name": "Shared service", "description": "Two councils share one service"}],
  "options": [
    {"id": "O1", "name": "In-house", "vehicle": "in_house", "description": "As now",
     "attributes": {"independent": false, "legal_form": "council", "staff_transfer": 0},
     "business_as_usual": true,
     "scores": {"C1": 55,
                "C2": {"value": 70, "rationale": "one line of why"},
                "C3": {"distribution": "range", "low": 400, "high": 600, "rationale": "budget range"},
                "C4": {"distribution": "triangular", "low": 4, "mode": 5, "high": 7},
                "C5": {"distribution": "pert", "low": 20, "mode": 30, "high": 40}},
     "evidence": "Inspection report 2025",
     "costs": [{"name": "Set-up", "kind": "one_off", "amount": 1500000, "year": 0},
               {"name": "Management fee", "kind": "recurring", "amount": 400000, "year": 1, "end_year": 9},
               {"kind": "recurring", "amount": -1000.5, "year": 2}]},
    {"id": "O2", "vehicle": "shared_service", "do_minimum": true,
     "scores": {"C1": {"distribution": "normal", "mean": 50, "sd": 8, "rationale": "wide"}}}
  ],
  "governance": {"locked": true, "framing_digest": "0123456789abcdef",
                 "audit": [{"action": "lock", "at": "2026-01-05T10:00:00Z", "by": "Director", "digest": "fedcba"},
                           {"action": "reopen", "at": "2026-02-01T09:30:00Z", "by": "Director",
                            "reason": "New inspection", "digest": "fedcba", "after_scoring": true},
                           {"action": "lock", "digest": "0123456789abcdef"}]}
})json";

}  // namespace adva_test
