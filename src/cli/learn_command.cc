// `unspin learn`: TODO(helper).
#include "cli/commands.h"

namespace unspin::cli {

Runner AddLearnCommand(CLI::App& app, const GlobalOptions&) {
  CLI::App* learn = app.add_subcommand("learn", "Learn a dictionary from original/spun document pairs");
  return [learn]() { return learn->parsed() ? kExitUsage : -1; };
}

}  // namespace unspin::cli
