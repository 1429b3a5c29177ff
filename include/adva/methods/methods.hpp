#pragma once
// Umbrella header of the aggregation methods on a plain decision matrix (adva::decision_matrix).
#include "adva/methods/decision_matrix.hpp"
#include "adva/methods/promethee.hpp"
#include "adva/methods/topsis.hpp"
#include "adva/methods/vikor.hpp"
#include "adva/methods/wpm.hpp"
#include "adva/methods/wsm.hpp"
