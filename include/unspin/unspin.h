// Everything a program using the unspin library needs.
#pragma once

#include "unspin/cleaner.h"     // IWYU pragma: export
#include "unspin/dictionary.h"  // IWYU pragma: export
#include "unspin/language_model.h"  // IWYU pragma: export
#include "unspin/report.h"      // IWYU pragma: export
#include "unspin/status.h"      // IWYU pragma: export
#include "unspin/version.h"     // IWYU pragma: export
