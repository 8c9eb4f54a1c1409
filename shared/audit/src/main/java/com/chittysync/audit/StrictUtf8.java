package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes UTF-8 that must be valid; {@code new String(bytes, UTF_8)} would replace bad bytes. */
final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * {@code bytes} decoded as UTF-8.
   *
   * @throws AuditException {@code reason} with {@code message} when they are not valid UTF-8
   */
  static String decode(byte[] bytes, Reason reason, String message) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AuditException(reason, message, e);
    }
  }
}
