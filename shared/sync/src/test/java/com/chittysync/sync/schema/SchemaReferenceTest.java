package com.chittysync.sync.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.sync.schema.SchemaReference.Kind;
import org.junit.jupiter.api.Test;

class SchemaReferenceTest {
  @Test
  void threeFormsAreRecognised() {
    assertThat(SchemaReference.parse("schemas/person.schema.json"))
        .isEqualTo(new SchemaReference(Kind.FILE, "schemas/person.schema.json"));
    assertThat(SchemaReference.parse("/abs/person.json").kind()).isEqualTo(Kind.FILE);
    assertThat(SchemaReference.parse("https://schemas.example.com/person.json"))
        .isEqualTo(new SchemaReference(Kind.URL, "https://schemas.example.com/person.json"));
    assertThat(SchemaReference.parse("http://127.0.0.1:8080/p").kind()).isEqualTo(Kind.URL);
    assertThat(SchemaReference.parse("chitty:people/person.v2"))
        .isEqualTo(new SchemaReference(Kind.CHITTY, "people/person.v2"));
    assertThat(SchemaReference.parse("chitty:person")).hasToString("chitty:person");
  }

  @Test
  void otherSchemesAndBadNamesAreRefused() {
    assertThatThrownBy(() -> SchemaReference.parse("file:///etc/p.json"))
        .hasMessage(
            "must be a file path, an http(s) URL or chitty:<name>, got 'file:///etc/p.json'");
    assertThatThrownBy(() -> SchemaReference.parse("chitty:"))
        .hasMessageStartingWith("chitty: names are segments");
    assertThatThrownBy(() -> SchemaReference.parse("chitty:a/../b"))
        .hasMessageStartingWith("chitty: names are segments");
    assertThatThrownBy(() -> SchemaReference.parse("https:///nohost"))
        .hasMessage("URL has no host: 'https:///nohost'");
    assertThatThrownBy(() -> SchemaReference.parse("https://exa mple.com/"))
        .hasMessageStartingWith("not a valid URL: ");
  }
}
