package com.chittysync.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import org.junit.jupiter.api.Test;

class HttpResultTest {
  @Test
  void severalCookiesTravelInOneHeaderAndComeOutInOrder() {
    HttpResult result = HttpResult.text("ok").withCookie("a=1; Path=/").withCookie("b=; Max-Age=0");
    assertThat(result.headers()).containsEntry("set-cookie", "a=1; Path=/\nb=; Max-Age=0");
    assertThat(result.cookies()).containsExactly("a=1; Path=/", "b=; Max-Age=0");
    assertThat(HttpResult.text("ok").cookies()).isEmpty();
    assertThatThrownBy(() -> HttpResult.text("ok").withCookie("a=1\nb=2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authFailuresAre401And403WithTheirMessageAndUnavailabilityA503WithoutIt() {
    assertThat(HttpResult.of(new ChittySyncException(ErrorCode.AUTH_REQUIRED, "sign in")).status())
        .isEqualTo(401);
    HttpResult forbidden =
        HttpResult.of(new ChittySyncException(ErrorCode.AUTH_FORBIDDEN, "viewers may read"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body()).contains("auth.forbidden").contains("viewers may read");
    HttpResult down =
        HttpResult.of(
            new ChittySyncException(ErrorCode.AUTH_UNAVAILABLE, "https://login.internal down"));
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.body()).doesNotContain("login.internal");
  }
}
