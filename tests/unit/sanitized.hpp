#pragma once
// Whether the tests are built with AddressSanitizer (scripts/sanitize.sh): tests that measure
// time or memory scale down or skip those bounds (its quarantine keeps freed memory, and
// everything runs several times slower).
namespace nianbao::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace nianbao::test
