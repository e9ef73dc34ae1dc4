package org.mixpanellakeflow.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a project's user profiles, deterministically from (seed, project, index). Profile
 * {@code i} belongs to user {@code i} of the event generator's pool, so the first profiles match
 * the users events are generated for.
 *
 * <p>Profiles do not depend on the clock: {@code $created} and {@code $last_seen} fall between the
 * project's creation and the start of its last event day (or 30 days after its first one when
 * the event days are open-ended). Dates are {@code YYYY-MM-DDTHH:MM:SS} strings in UTC, as
 * Mixpanel returns them. Thread safe.
 */
final class ProfileGenerator {
  static final DateTimeFormatter PROFILE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final String[] FIRST_NAMES = {"Ada", "Jürgen", "Søren", "花子", "José", "Zoë", "Grace", "Łukasz"};
  private static final String[] LAST_NAMES = {"Lovelace", "Müller", "Kierkegaard", "山田", "García", "O'Brien", "Hopper"};
  private static final String[] PLANS = {"free", "starter", "growth", "enterprise"};
  private static final String[] TAGS = {"beta", "vip", "newsletter", "mobile", "überuser", "🚀"};
  private static final String[] ZONES = {"America/Los_Angeles", "Europe/Zurich", "Asia/Tokyo", "America/Sao_Paulo",
    "Europe/Warsaw", "Europe/Berlin", "Europe/London"};

  private final EmulatedProject project;
  private final long fromSecond;
  private final long untilSecond;
  private volatile Map<String, Integer> indexes;

  ProfileGenerator(EmulatedProject project) {
    this.project = project;
    LocalDate until = project.lastEventDay().equals(LocalDate.MAX)
        ? project.firstEventDay().plusDays(30)
        : project.lastEventDay();
    LocalDate from = project.createdOn().isBefore(until) ? project.createdOn() : until.minusDays(1);
    this.fromSecond = from.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    this.untilSecond = until.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  String distinctId(int index) {
    return SyntheticUser.of(project, index).distinctId();
  }

  /** The generated profile index of {@code distinctId}, or -1. */
  int indexOf(String distinctId) {
    Map<String, Integer> map = indexes;
    if (map == null) {
      synchronized (this) {
        map = indexes;
        if (map == null) {
          map = new HashMap<>();
          for (int i = 0; i < project.profileCount(); i++) {
            map.put(distinctId(i), i);
          }
          indexes = map;
        }
      }
    }
    return map.getOrDefault(distinctId, -1);
  }

  /** The {@code $properties} of generated profile {@code index}: every JSON type, some omitted. */
  Map<String, Object> properties(int index) {
    SyntheticUser user = SyntheticUser.of(project, index);
    SplittableRandom random = Seeds.random(project.seed(), project.projectId(), Seeds.PROFILE_DOMAIN, index);
    long created = fromSecond + random.nextLong(Math.max(1, untilSecond - fromSecond));
    long lastSeen = created + random.nextLong(Math.max(1, untilSecond - created));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("$created", format(created));
    properties.put("$last_seen", format(lastSeen));
    String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
    String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    if (user.userId() != null) {
      properties.put("$first_name", first);
      properties.put("$last_name", last);
      properties.put("$name", first + " " + last);
      properties.put("$email", "user" + index + "@" + (random.nextBoolean() ? "example.com" : "bücher.example"));
      if (random.nextInt(3) == 0) {
        properties.put("$phone", "+41 44 " + (100_0000 + random.nextInt(900_0000)));
      }
    }
    if (random.nextInt(10) != 0) {
      properties.put("$city", user.place().city());
      properties.put("$region", user.place().region());
    }
    properties.put("$country_code", user.place().countryCode());
    properties.put("$timezone", ZONES[Math.floorMod(user.place().city().hashCode(), ZONES.length)]);
    properties.put("$os", switch (user.platform()) {
      case WEB -> "Mac OS X";
      case ANDROID -> "Android";
      case IOS -> "iOS";
    });
    if (user.platform() == SyntheticUser.Platform.WEB) {
      properties.put("$browser", PROFILE_BROWSERS[Math.floorMod(user.distinctId().hashCode(), PROFILE_BROWSERS.length)]);
    }
    custom(properties, random);
    return Collections.unmodifiableMap(properties);
  }

  private static final String[] PROFILE_BROWSERS = {"Chrome", "Firefox", "Safari", "Microsoft Edge"};

  private static void custom(Map<String, Object> properties, SplittableRandom random) {
    properties.put("plan", PLANS[random.nextInt(PLANS.length)]);
    properties.put("lifetime_value", Math.round(random.nextDouble(0, 5_000) * 100) / 100.0);
    properties.put("orders", (long) random.nextInt(0, 60));
    properties.put("is_verified", random.nextBoolean());
    properties.put("referrer", random.nextInt(3) == 0 ? null : "campaign-" + random.nextInt(10));
    List<Object> tags = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      tags.add(TAGS[random.nextInt(TAGS.length)]);
    }
    properties.put("tags", Collections.unmodifiableList(tags));
    if (random.nextInt(4) != 0) {
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("street", random.nextBoolean() ? "Bahnhofstraße " + random.nextInt(1, 90) : "1-2-3 銀座");
      address.put("postal_code", String.format(Locale.ROOT, "%05d", random.nextInt(100_000)));
      address.put("primary", random.nextBoolean());
      properties.put("address", Collections.unmodifiableMap(address));
    }
    if (random.nextInt(5) == 0) {
      Map<String, Object> device = new LinkedHashMap<>();
      device.put("model", random.nextBoolean() ? "Pixel 8" : "iPhone 15");
      device.put("push_enabled", random.nextBoolean());
      properties.put("devices", List.of(Collections.unmodifiableMap(device)));
    }
  }

  static String format(long epochSecond) {
    return PROFILE_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }
}
