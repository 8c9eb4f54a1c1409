package com.chittysync.envelope;

import com.chittysync.audit.Ed25519Crypto;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Ed25519 public keys whose envelopes are accepted, from {@code ENGINE_PUBKEY_HEX}: one or more
 * keys of 64 hex digits, comma-separated (spaces around commas allowed, upper case accepted and
 * normalised to the lower case {@code key_id} uses). Several keys allow rotation. Immutable.
 */
public final class TrustedKeys {
  /** The setting naming the trusted keys. */
  public static final String ENGINE_PUBKEY_HEX = "ENGINE_PUBKEY_HEX";

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

  private final Map<String, byte[]> keys;

  private TrustedKeys(Map<String, byte[]> keys) {
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * The keys in setting {@link #ENGINE_PUBKEY_HEX} of {@code env}.
   *
   * @throws ConfigException naming {@code ENGINE_PUBKEY_HEX} when it is unset or any entry is not
   *     an Ed25519 public key (entries are named by position, their values are not repeated)
   */
  public static TrustedKeys from(Environment env) {
    Optional<String> value = env.get(ENGINE_PUBKEY_HEX);
    if (value.isEmpty()) {
      throw new ConfigException(
          ENGINE_PUBKEY_HEX
              + ": not set; set it to the engine's Ed25519 public key as 64 hex digits"
              + " (several keys: comma-separated)");
    }
    return parse(value.get());
  }

  /**
   * The keys in {@code value}, the {@link #ENGINE_PUBKEY_HEX} form.
   *
   * @throws ConfigException naming {@code ENGINE_PUBKEY_HEX} when any entry is malformed
   */
  public static TrustedKeys parse(String value) {
    Objects.requireNonNull(value, "value");
    String[] entries = value.split(",", -1);
    List<String> problems = new ArrayList<>();
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String where = ENGINE_PUBKEY_HEX + ": entry " + (i + 1) + " of " + entries.length;
      if (entry.isEmpty()) {
        problems.add(where + " is empty");
      } else if (!HEX_64.matcher(entry).matches()) {
        problems.add(
            where
                + " must be 64 hex digits (an Ed25519 public key), got "
                + entry.length()
                + " characters"
                + (entry.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                    ? ""
                    : " including non-hex ones"));
      } else {
        byte[] key = HexFormat.of().parseHex(entry);
        if (!Ed25519Crypto.isValidPublicKey(key)) {
          problems.add(where + " is not a valid Ed25519 public key (not a point on the curve)");
        } else {
          keys.put(entry.toLowerCase(Locale.ROOT), key);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new TrustedKeys(keys);
  }

  /**
   * The given keys (64 hex digits each).
   *
   * @throws ConfigException when one is malformed, or none is given
   */
  public static TrustedKeys of(String... publicKeysHex) {
    return parse(String.join(",", publicKeysHex));
  }

  /** Whether {@code keyId} (64 lowercase hex digits) is trusted. */
  public boolean contains(String keyId) {
    return keys.containsKey(keyId);
  }

  /** The 32-byte public key of {@code keyId} (a fresh copy), if trusted. */
  public Optional<byte[]> publicKey(String keyId) {
    return Optional.ofNullable(keys.get(keyId)).map(byte[]::clone);
  }

  /** The raw key, not copied; for {@link EnvelopeVerifier}. */
  byte[] rawKey(String keyId) {
    return keys.get(keyId);
  }

  /** The trusted key IDs (64 lowercase hex digits each), in setting order. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  @Override
  public String toString() {
    return "TrustedKeys" + keys.keySet();
  }
}
