#include "store/sqlite/row_ids.h"

#include "core/ids.h"

namespace fte::sqlite {

std::string new_row_id() { return new_time_ordered_id(); }

}  // namespace fte::sqlite
