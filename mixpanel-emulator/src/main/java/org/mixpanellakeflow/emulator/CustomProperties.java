package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Event-specific properties. Between them the events carry every JSON type: non-ASCII strings
 * (including emoji), integers, doubles, booleans, nulls, nested objects and lists of strings and
 * of objects. Integers are {@link Long}, fractions {@link Double} (see {@link EmulatedProject}).
 */
final class CustomProperties {
  private static final String[] PAGE_TITLES = {"Home", "Preise · Zürich", "東京 ストア", "Welcome 👋", "Checkout"};
  private static final String[] QUERIES = {"café", "東京 ramen", "🎧 headphones", "naïve bayes", "shoes"};
  private static final String[] FILTERS = {"in-stock", "free-shipping", "größe-m", "sale"};
  private static final String[] PLANS = {"free", "starter", "growth", "enterprise"};
  private static final String[] CURRENCIES = {"USD", "EUR", "CHF", "JPY"};
  private static final String[] PRODUCTS = {"Café Crème", "抹茶 Latte", "Smørrebrød", "Bagel 🥯", "Espresso"};
  private static final String[] CHAPTERS = {"intro", "démo", "Q&A", "まとめ"};

  private CustomProperties() {}

  static void addTo(String eventName, Map<String, Object> properties, SplittableRandom random) {
    switch (eventName) {
      case "Page View" -> pageView(properties, random);
      case "Search" -> search(properties, random);
      case "Add To Cart", "Purchase" -> cart(properties, random, eventName.equals("Purchase"));
      case "Video Played" -> video(properties, random);
      case "Sign Up" -> signUp(properties, random);
      default -> throw new IllegalArgumentException("No custom properties defined for event '" + eventName + "'");
    }
  }

  private static void pageView(Map<String, Object> properties, SplittableRandom random) {
    properties.put("page_title", pick(PAGE_TITLES, random));
    properties.put("load_time_ms", (long) random.nextInt(80, 4_000));
    properties.put("scroll_depth", cents(random.nextDouble()));
    properties.put("is_logged_in", random.nextBoolean());
    properties.put("utm_campaign", random.nextInt(3) == 0 ? "spring_sale" : null);
  }

  private static void search(Map<String, Object> properties, SplittableRandom random) {
    properties.put("query", pick(QUERIES, random));
    properties.put("result_count", (long) random.nextInt(0, 500));
    List<Object> filters = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      filters.add(pick(FILTERS, random));
    }
    properties.put("filters", Collections.unmodifiableList(filters));
  }

  private static void cart(Map<String, Object> properties, SplittableRandom random, boolean purchase) {
    String currency = pick(CURRENCIES, random);
    List<Object> items = new ArrayList<>();
    double total = 0;
    for (int i = random.nextInt(1, 4); i > 0; i--) {
      Map<String, Object> item = new LinkedHashMap<>();
      double price = cents(random.nextDouble(1, 200));
      long quantity = random.nextInt(1, 5);
      item.put("sku", "SKU-" + (10_000 + random.nextInt(90_000)));
      item.put("name", pick(PRODUCTS, random));
      item.put("price", price);
      item.put("quantity", quantity);
      items.add(Collections.unmodifiableMap(item));
      total += price * quantity;
    }
    properties.put("items", Collections.unmodifiableList(items));
    properties.put("item_count", (long) items.size());
    properties.put("total", cents(total));
    properties.put("currency", currency);
    properties.put("coupon", random.nextInt(4) == 0 ? "WELCOME10" : null);
    if (purchase) {
      Map<String, Object> shipping = new LinkedHashMap<>();
      shipping.put("method", random.nextBoolean() ? "standard" : "express");
      shipping.put("gift", random.nextInt(10) == 0);
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("city", random.nextBoolean() ? "Zürich" : "東京");
      address.put("postal_code", String.valueOf(1_000 + random.nextInt(9_000)));
      shipping.put("address", Collections.unmodifiableMap(address));
      properties.put("shipping", Collections.unmodifiableMap(shipping));
      properties.put("first_purchase", random.nextInt(5) == 0);
    }
  }

  private static void video(Map<String, Object> properties, SplittableRandom random) {
    properties.put("video_id", "vid_" + Integer.toHexString(0x1000 + random.nextInt(0xF000)));
    properties.put("duration_s", cents(random.nextDouble(5, 1_800)));
    properties.put("autoplay", random.nextBoolean());
    List<Object> chapters = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      chapters.add(pick(CHAPTERS, random));
    }
    properties.put("chapters", Collections.unmodifiableList(chapters));
  }

  private static void signUp(Map<String, Object> properties, SplittableRandom random) {
    properties.put("plan", pick(PLANS, random));
    properties.put("trial_days", (long) (random.nextBoolean() ? 14 : 30));
    properties.put("marketing_opt_in", random.nextBoolean());
    properties.put("invited_by", random.nextInt(3) == 0 ? "user_000007_beef" : null);
    Map<String, Object> preferences = new LinkedHashMap<>();
    preferences.put("newsletter", random.nextBoolean());
    preferences.put("theme", random.nextBoolean() ? "dark" : "light");
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("locale", random.nextBoolean() ? "de-CH" : "ja-JP");
    profile.put("age_band", "25-34");
    profile.put("preferences", Collections.unmodifiableMap(preferences));
    properties.put("profile", Collections.unmodifiableMap(profile));
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  /** Two decimals keep doubles short and exact through a JSON round trip. */
  private static double cents(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
