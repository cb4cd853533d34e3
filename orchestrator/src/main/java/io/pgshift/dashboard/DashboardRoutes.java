package io.pgshift.dashboard;

import io.pgshift.api.ApiResponse;
import io.pgshift.api.Route;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's routes, served next to the API without a token: the page holds no data, it
 * reads the API with the token its user enters ({@code GET /} and {@code GET /dashboard}
 * redirect to {@code /dashboard/}).
 */
public final class DashboardRoutes {
    static final String HOME = "/dashboard/";

    private DashboardRoutes() {
    }

    public static List<Route> of(DashboardAssets assets) {
        return List.of(
                Route.of("GET", "/", null, request -> redirect()),
                Route.of("GET", "/dashboard", null, request -> redirect()),
                Route.of("GET", HOME, null, request -> assets.serve(DashboardAssets.INDEX)),
                Route.of("GET", HOME + "{asset}", null, request -> assets.serve(request.pathParam("asset"))));
    }

    private static ApiResponse redirect() {
        return new ApiResponse(302, "text/plain; charset=utf-8", Map.of("Location", HOME), null, null);
    }
}
