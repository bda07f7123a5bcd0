/** The stable kinds of every note the ENR decoder raises (expert info). */
export const ENR_NOTES = {
  /** The v4 signature does not verify against the record's own key (error). */
  signatureInvalid: 'enr.signature.invalid',
  /** The signature verifies only with a high S value, which geth and libsecp256k1 reject (warning). */
  signatureHighS: 'enr.signature.high-s',
  /** Not identity scheme v4, or no usable `secp256k1` key: the signature cannot be checked (warning). */
  unverifiable: 'enr.signature.unverifiable',
  /** The record is larger than the 300 bytes EIP-778 allows (warning). */
  size: 'enr.size',
  /** Keys are not sorted or not unique (warning). */
  keyOrder: 'enr.key.order',
  /** A value with a leading zero byte, which strict RLP decoders (geth) reject (warning). */
  nonCanonical: 'enr.value.non-canonical',
  /** A known key's value does not have its type: shown as generic RLP (error). */
  value: 'enr.value',
  /**
   * A known key's list value written as a byte string holding the list (@chainsafe/enr writes Portal's `p` so): the
   * list is read beneath the bytes (warning).
   */
  wrappedValue: 'enr.value.wrapped',
} as const;
