// Thin helpers over Node-API's C interface: argument reading with typed errors.
// A failed read throws a JavaScript TypeError and the entry point returns nullptr.
#pragma once

#define NAPI_VERSION 8
#include <node_api.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace pretrain {

/** Thrown by the readers; converted to a JavaScript TypeError at the entry point. */
struct ArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  Arguments(napi_env env, napi_callback_info info) : env_(env) {
    size_t count = kMax;
    napi_get_cb_info(env, info, &count, values_, nullptr, nullptr);
    count_ = count;
  }

  napi_env env() const { return env_; }
  size_t count() const { return count_; }

  float* floats(size_t index, size_t* length = nullptr) const { return typed<float>(index, napi_float32_array, "Float32Array", length); }
  int32_t* ints(size_t index, size_t* length = nullptr) const { return typed<int32_t>(index, napi_int32_array, "Int32Array", length); }
  uint8_t* bytes(size_t index, size_t* length = nullptr) const { return typed<uint8_t>(index, napi_uint8_array, "Uint8Array", length); }

  double number(size_t index) const {
    double value = 0;
    if (napi_get_value_double(env_, at(index), &value) != napi_ok) throw ArgumentError(where(index) + " must be a number");
    return value;
  }
  int64_t integer(size_t index) const { return static_cast<int64_t>(number(index)); }
  bool flag(size_t index) const {
    bool value = false;
    if (napi_get_value_bool(env_, at(index), &value) != napi_ok) throw ArgumentError(where(index) + " must be a boolean");
    return value;
  }

  /** A JavaScript array of integers (shapes, axes). */
  std::vector<int64_t> integers(size_t index) const {
    uint32_t length = 0;
    if (napi_get_array_length(env_, at(index), &length) != napi_ok) throw ArgumentError(where(index) + " must be an array");
    std::vector<int64_t> result(length);
    for (uint32_t item = 0; item < length; item++) {
      napi_value element;
      double value = 0;
      napi_get_element(env_, at(index), item, &element);
      if (napi_get_value_double(env_, element, &value) != napi_ok) throw ArgumentError(where(index) + " must hold numbers");
      result[item] = static_cast<int64_t>(value);
    }
    return result;
  }

  /** A JavaScript array of Float32Arrays (concat's inputs). */
  std::vector<float*> floatArrays(size_t index) const {
    uint32_t length = 0;
    if (napi_get_array_length(env_, at(index), &length) != napi_ok) throw ArgumentError(where(index) + " must be an array");
    std::vector<float*> result(length);
    for (uint32_t item = 0; item < length; item++) {
      napi_value element;
      napi_get_element(env_, at(index), item, &element);
      result[item] = typedOf<float>(element, napi_float32_array, "Float32Array", nullptr, index);
    }
    return result;
  }

 private:
  static constexpr size_t kMax = 16;

  napi_value at(size_t index) const {
    if (index >= count_) throw ArgumentError(where(index) + " is missing");
    return values_[index];
  }
  static std::string where(size_t index) { return "argument " + std::to_string(index); }

  template <typename T>
  T* typed(size_t index, napi_typedarray_type expected, const char* name, size_t* length) const {
    return typedOf<T>(at(index), expected, name, length, index);
  }

  template <typename T>
  T* typedOf(napi_value value, napi_typedarray_type expected, const char* name, size_t* length, size_t index) const {
    bool isTyped = false;
    napi_is_typedarray(env_, value, &isTyped);
    if (!isTyped) throw ArgumentError(where(index) + " must be a " + name);
    napi_typedarray_type type;
    size_t elements = 0;
    void* data = nullptr;
    napi_get_typedarray_info(env_, value, &type, &elements, &data, nullptr, nullptr);
    if (type != expected) throw ArgumentError(where(index) + " must be a " + name);
    if (length != nullptr) *length = elements;
    return static_cast<T*>(data);
  }

  napi_env env_;
  napi_value values_[kMax];
  size_t count_ = 0;
};

/** Wraps an entry point body: argument errors become TypeErrors, the result an int32 (0 unless stated). */
template <typename Body>
napi_value guarded(napi_env env, napi_callback_info info, Body body) {
  try {
    Arguments arguments(env, info);
    int64_t status = body(arguments);
    napi_value result;
    napi_create_int64(env, status, &result);
    return result;
  } catch (const ArgumentError& error) {
    napi_throw_type_error(env, nullptr, error.what());
  } catch (const std::exception& error) {
    napi_throw_error(env, nullptr, error.what());
  }
  return nullptr;
}

}  // namespace pretrain
