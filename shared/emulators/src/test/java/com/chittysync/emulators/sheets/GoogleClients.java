package com.chittysync.emulators.sheets;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The official Google Java client, configured the way the connector will be. */
final class GoogleClients {
  private GoogleClients() {}

  /** A Sheets client with scoped service-account credentials (the token-endpoint flow). */
  static Sheets sheets(SheetsEmulator emulator, ServiceAccount account) {
    return sheets(emulator, account, GsonFactory.getDefaultInstance());
  }

  /** As {@link #sheets(SheetsEmulator, ServiceAccount)} with another JSON factory. */
  static Sheets sheets(SheetsEmulator emulator, ServiceAccount account, JsonFactory json) {
    try {
      GoogleCredentials creds =
          ServiceAccountCredentials.fromStream(account.jsonStream())
              .createScoped(List.of(SheetsScopes.SPREADSHEETS));
      return build(emulator, creds, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Sheets client with unscoped credentials: the library signs its own JWT per request. */
  static Sheets selfSigned(SheetsEmulator emulator, ServiceAccount account) {
    try {
      return build(
          emulator,
          ServiceAccountCredentials.fromStream(account.jsonStream()),
          GsonFactory.getDefaultInstance());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Sheets build(SheetsEmulator emulator, GoogleCredentials creds, JsonFactory json) {
    return new Sheets.Builder(new NetHttpTransport(), json, new HttpCredentialsAdapter(creds))
        .setApplicationName("chittysync-test")
        .setRootUrl(emulator.rootUrl())
        .build();
  }
}
