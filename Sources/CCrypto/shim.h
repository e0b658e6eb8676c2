#ifndef GLANCE_PUSH_CCRYPTO_SHIM_H
#define GLANCE_PUSH_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#endif
