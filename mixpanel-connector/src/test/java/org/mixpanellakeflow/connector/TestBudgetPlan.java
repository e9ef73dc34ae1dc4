package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.client.BudgetShare;
import org.mixpanellakeflow.client.RequestBudget;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.Offsets;

class TestBudgetPlan {

  private static List<Map<String, Object>> partitions(int count) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      partitions.add(Map.of("table", "events", "from", "2024-05-0" + (i + 1)));
    }
    return partitions;
  }

  @Test
  void sharesAddUpToTheHourAndEveryEarlierRequestIsCountedOnce() {
    RequestLedger spent = new RequestLedger(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L));

    List<Map<String, Object>> planned =
        BudgetPlan.assign(partitions(4), RequestBudget.exportDefault(), spent);

    List<BudgetShare> shares =
        planned.stream().map(p -> BudgetPlan.shareOf(Offsets.fromJson(Offsets.toJson(p)))).toList();
    assertThat(shares).extracting(BudgetShare::lane).containsExactly(0, 1, 2, 3);
    assertThat(shares).allSatisfy(s -> assertThat(s.lanes()).isEqualTo(4));
    assertThat(shares.stream().mapToInt(BudgetShare::hourlyLimit).sum()).isEqualTo(60);
    List<Long> dealt = new ArrayList<>();
    shares.forEach(s -> dealt.addAll(s.priorStartsMs()));
    assertThat(dealt).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(planned.get(0)).containsEntry("from", "2024-05-01");
  }

  @Test
  void unevenSharesGoToTheFirstLanes() {
    List<Map<String, Object>> planned =
        BudgetPlan.assign(partitions(7), new RequestBudget(10, 0, 0), RequestLedger.EMPTY);

    assertThat(planned).extracting(p -> p.get(BudgetPlan.HOURLY)).containsExactly(2L, 2L, 2L, 1L, 1L, 1L, 1L);
  }

  @Test
  void refusesMoreLanesThanTheBudgetHas() {
    assertThat(BudgetPlan.maxLanes(RequestBudget.queryDefault())).isEqualTo(5);
    assertThat(BudgetPlan.maxLanes(RequestBudget.exportDefault())).isEqualTo(60);
    assertThat(BudgetPlan.maxLanes(RequestBudget.unlimited())).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> BudgetPlan.assign(partitions(6), RequestBudget.queryDefault(), RequestLedger.EMPTY))
        .hasMessageStartingWith("6 partitions exceed the 5 lanes of budget");
  }

  @Test
  void aPartitionWithoutALaneHasTheWholeBudget() {
    assertThat(BudgetPlan.shareOf(Map.of("table", "events"))).isEqualTo(BudgetShare.whole());
    assertThatThrownBy(() -> BudgetPlan.shareOf(Map.of(BudgetPlan.LANE, 3L, BudgetPlan.LANES, 2L, BudgetPlan.HOURLY, 1L)))
        .isInstanceOf(LakeflowException.class)
        .hasMessageStartingWith("Malformed budget lane in partition");
  }

  @Test
  void ledgerKeepsTheWindowAndTravelsAsText() {
    Instant now = Instant.parse("2024-05-10T12:00:00Z");
    RequestLedger ledger = RequestLedger.decode(
        now.minus(Duration.ofMinutes(90)).toEpochMilli() + "," + now.minusSeconds(5).toEpochMilli()
            + "," + now.minusSeconds(5).toEpochMilli());

    assertThat(ledger.starts()).hasSize(2);
    assertThat(ledger.within(now, Duration.ofHours(1)).starts()).containsExactly(now.minusSeconds(5).toEpochMilli());
    assertThat(RequestLedger.decode(ledger.encode())).isEqualTo(ledger);
    assertThat(RequestLedger.decode("")).isEqualTo(RequestLedger.EMPTY);
    assertThatThrownBy(() -> RequestLedger.decode("12,x"))
        .hasMessage("Malformed request ledger '12,x' in an offset or report");
  }

  @Test
  void cutsDaysIntoAsFewWindowsAsAllowedAndAsEvenAsCanBe() {
    java.time.LocalDate first = java.time.LocalDate.of(2024, 5, 1);
    List<ExportWindow> windows = new ArrayList<>();

    EventsTable.addWindows(windows, first, first.plusDays(10), 7, null);
    assertThat(windows).extracting(ExportWindow::toString)
        .containsExactly("2024-05-01..2024-05-06", "2024-05-07..2024-05-11");

    windows.clear();
    EventsTable.addWindows(windows, first, first.plusDays(29), 7, 5L);
    assertThat(windows).extracting(w -> w.to().toEpochDay() - w.from().toEpochDay() + 1)
        .containsExactly(6L, 6L, 6L, 6L, 6L);
    assertThat(windows).allSatisfy(w -> assertThat(w.processedAfter()).isEqualTo(5L));

    windows.clear();
    EventsTable.addWindows(windows, first, first, 7, null);
    assertThat(windows).extracting(ExportWindow::toString).containsExactly("2024-05-01..2024-05-01");
    windows.clear();
    EventsTable.addWindows(windows, first, first.minusDays(1), 7, null);
    assertThat(windows).isEmpty();
  }

  @Test
  void manyWindowsShareFewerPartitionsThanTheBudgetHasLanes() {
    List<ExportWindow> forward = new ArrayList<>();
    java.time.LocalDate day = java.time.LocalDate.of(2020, 1, 1);
    for (int i = 0; i < 100; i++) {
      forward.add(new ExportWindow(day.plusDays(7L * i), day.plusDays(7L * i + 6), null));
    }
    List<ExportWindow> catchUp = List.of(new ExportWindow(day.minusDays(5), day.minusDays(1), 7L));

    List<ExportWindow> merged = EventsTable.merged(catchUp, forward, 60);

    assertThat(merged).hasSizeLessThanOrEqualTo(60);
    assertThat(merged.get(0)).isEqualTo(catchUp.get(0));
    assertThat(merged.get(1).from()).isEqualTo(day);
    assertThat(merged.get(merged.size() - 1).to()).isEqualTo(day.plusDays(7L * 99 + 6));
    for (int i = 2; i < merged.size(); i++) {
      assertThat(merged.get(i).from()).isEqualTo(merged.get(i - 1).to().plusDays(1));
    }
  }
}
