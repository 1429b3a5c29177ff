#pragma once
// Umbrella header of the weighting methods on a plain decision matrix or pairwise comparisons.
#include "adva/weights/ahp.hpp"
#include "adva/weights/critic.hpp"
#include "adva/weights/direct.hpp"
#include "adva/weights/entropy.hpp"
#include "adva/weights/surrogate.hpp"
