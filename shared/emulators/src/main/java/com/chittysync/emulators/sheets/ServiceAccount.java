package com.chittysync.emulators.sheets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A service account the emulator issued: its {@code client_email} and a real key file.
 *
 * <p>{@code json} has the fields Google's console writes ({@code type}, {@code project_id}, {@code
 * private_key_id}, {@code private_key} as a PKCS#8 PEM of a freshly generated RSA 2048 key, {@code
 * client_email}, {@code client_id}, {@code auth_uri}, {@code token_uri} = the emulator's {@code
 * /token}, ...) and no {@code universe_domain}, so {@code
 * ServiceAccountCredentials.fromStream(...).createScoped(SPREADSHEETS)} works unchanged and fetches
 * tokens from the emulator.
 *
 * @param clientEmail the account's e-mail, the name spreadsheets are shared with
 * @param json the service-account key file, as downloaded from Google Cloud
 */
public record ServiceAccount(String clientEmail, String json) {
  /** The key file as a stream, for {@code ServiceAccountCredentials.fromStream}. */
  public InputStream jsonStream() {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the key file (readable by the owner only, where the file system allows). */
  public Path writeTo(Path file) {
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the default permissions stay.
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "ServiceAccount[" + clientEmail + "]";
  }
}
