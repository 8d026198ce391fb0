package io.contactsplatform.contactservice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSortTest {

  private final FieldCatalog catalog = new FieldCatalog(Map.of());

  @Test
  void shouldRoundTripTheLastSortValueAndIdOfEveryType() {
    SearchSort sort = SearchSort.parse("-lastName", catalog);
    for (Object value : new Object[] {null, "Lovelace", 42L, 2.5, true, new Date(1_700_000_000_000L)}) {
      Map.Entry<Object, String> decoded = sort.decode(sort.cursor(value, "id-1"));
      assertThat(decoded.getKey()).isEqualTo(value);
      assertThat(decoded.getValue()).isEqualTo("id-1");
    }
  }

  @Test
  void shouldRefuseACursorMadeForAnotherSortOrNotMadeHere() {
    String cursor = SearchSort.parse(null, catalog).cursor(new Date(), "id-1");

    assertThatThrownBy(() -> SearchSort.parse("lastName", catalog).decode(cursor)).isInstanceOf(ApiException.class)
        .hasMessageContaining("cursor");
    assertThatThrownBy(() -> SearchSort.parse(null, catalog).decode("garbage!")).isInstanceOf(ApiException.class);
  }

  @Test
  void shouldOnlySortBySortableKnownFields() {
    assertThat(SearchSort.parse(Map.of("field", "company", "direction", "desc"), catalog).descending()).isTrue();
    assertThatThrownBy(() -> SearchSort.parse("tags", catalog)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> SearchSort.parse("shoeSize", catalog)).isInstanceOf(ApiException.class);
  }
}
