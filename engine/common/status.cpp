#include "engine/common/status.h"

namespace fundwatch {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument: " + message_;
    case Code::kNotFound: return "not found: " + message_;
    case Code::kIoError: return "I/O error: " + message_;
    case Code::kDatabase: return "database error: " + message_;
    case Code::kCorrupt: return "corrupt input: " + message_;
  }
  return message_;
}

}  // namespace fundwatch
