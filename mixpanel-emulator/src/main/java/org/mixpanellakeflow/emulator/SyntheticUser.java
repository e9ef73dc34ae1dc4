package org.mixpanellakeflow.emulator;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A user from a project's fixed pool. A user keeps one platform, device and place across all
 * their events, as real SDK traffic does; per-event details (URL, omissions) vary.
 */
record SyntheticUser(String distinctId, String userId, String deviceId, Platform platform, Place place) {

  enum Platform {
    WEB("web", "2.55.1", "api-js.mixpanel.com"),
    ANDROID("android", "7.5.2", "api.mixpanel.com"),
    IOS("swift", "4.3.0", "api.mixpanel.com");

    final String library;
    final String libraryVersion;
    final String apiEndpoint;

    Platform(String library, String libraryVersion, String apiEndpoint) {
      this.library = library;
      this.libraryVersion = libraryVersion;
      this.apiEndpoint = apiEndpoint;
    }
  }

  /** Places with non-ASCII names on purpose: readers must keep UTF-8 intact. */
  record Place(String city, String region, String countryCode) {}

  private static final Place[] PLACES = {
    new Place("San Francisco", "California", "US"),
    new Place("Zürich", "Zürich", "CH"),
    new Place("東京", "東京都", "JP"),
    new Place("São Paulo", "São Paulo", "BR"),
    new Place("Kraków", "Lesser Poland", "PL"),
    new Place("München", "Bavaria", "DE"),
    new Place("London", "England", "GB"),
  };
  private static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", "Microsoft Edge"};
  private static final String[] DESKTOP_OS = {"Windows", "Mac OS X", "Linux"};
  private static final String[] PAGES = {"/", "/pricing", "/products/42", "/search?q=caf%C3%A9", "/cart"};
  private static final int[][] SCREENS = {{1920, 1080}, {1440, 900}, {390, 844}, {412, 915}, {2560, 1440}};

  static SyntheticUser of(EmulatedProject project, int index) {
    SplittableRandom random = Seeds.random(project.seed(), project.projectId(), Seeds.USER_DOMAIN, index);
    String deviceId = uuid(random);
    int platformRoll = random.nextInt(10);
    Platform platform = platformRoll < 6 ? Platform.WEB : platformRoll < 8 ? Platform.ANDROID : Platform.IOS;
    Place place = PLACES[random.nextInt(PLACES.length)];
    // about a quarter of users never identify; Simplified ID Merge names them by device
    if (random.nextInt(4) == 0) {
      return new SyntheticUser("$device:" + deviceId, null, deviceId, platform, place);
    }
    String userId = String.format("user_%06d_%04x", index, random.nextInt(0x10000));
    return new SyntheticUser(userId, userId, deviceId, platform, place);
  }

  /** Adds the SDK and server properties; some are omitted on some events, as real SDKs do. */
  private static final String[] REFERRERS = {"www.google.com", "news.ycombinator.com", "t.co", "www.bing.com"};

  void addStandardProperties(Map<String, Object> properties, SplittableRandom random) {
    properties.put("$device_id", deviceId);
    if (userId != null) {
      properties.put("$user_id", userId);
    }
    properties.put("mp_lib", platform.library);
    properties.put("$lib_version", platform.libraryVersion);
    properties.put("$mp_api_endpoint", platform.apiEndpoint);
    int[] screen = SCREENS[random.nextInt(SCREENS.length)];
    switch (platform) {
      case WEB -> {
        properties.put("mp_sent_by_lib_version", platform.libraryVersion);
        properties.put("$browser", BROWSERS[Math.floorMod(deviceId.hashCode(), BROWSERS.length)]);
        properties.put("$browser_version", (110 + random.nextInt(15)) + ".0." + random.nextInt(10));
        properties.put("$os", DESKTOP_OS[Math.floorMod(deviceId.hashCode() >> 4, DESKTOP_OS.length)]);
        properties.put("$current_url", "https://shop.example.com" + PAGES[random.nextInt(PAGES.length)]);
        // the web SDK keeps the first referrer of a device for good ("$direct" when typed in)
        int referrer = Math.floorMod(deviceId.hashCode() >> 8, REFERRERS.length + 1);
        if (referrer == REFERRERS.length) {
          properties.put("$initial_referrer", "$direct");
          properties.put("$initial_referring_domain", "$direct");
        } else {
          properties.put("$initial_referrer", "https://" + REFERRERS[referrer] + "/");
          properties.put("$initial_referring_domain", REFERRERS[referrer]);
        }
      }
      case ANDROID -> properties.put("$os", "Android");
      case IOS -> properties.put("$os", "iOS");
    }
    // screen size is missing on a few events (headless browsers, early app start)
    if (random.nextInt(20) != 0) {
      properties.put("$screen_height", (long) screen[1]);
      properties.put("$screen_width", (long) screen[0]);
    }
    // geolocation fails for some requests: no city/region, and rarely no country either
    int geoRoll = random.nextInt(100);
    if (geoRoll >= 10) {
      properties.put("$city", place.city());
      properties.put("$region", place.region());
    }
    if (geoRoll >= 3) {
      properties.put("mp_country_code", place.countryCode());
    }
  }

  static String uuid(SplittableRandom random) {
    long high = random.nextLong();
    long low = random.nextLong();
    return String.format("%08x-%04x-%04x-%04x-%012x",
        high >>> 32, (high >>> 16) & 0xFFFF, high & 0xFFFF, low >>> 48, low & 0xFFFFFFFFFFFFL);
  }
}
