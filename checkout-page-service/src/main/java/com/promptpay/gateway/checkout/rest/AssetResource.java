package com.promptpay.gateway.checkout.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /payment/assets/{name}}: the hashed script and stylesheet, cacheable forever. */
@Path("/payment/assets")
public class AssetResource {

    private final Assets assets;

    public AssetResource(Assets assets) {
        this.assets = assets;
    }

    @GET
    @Path("/{name}")
    @Operation(hidden = true)
    public Response asset(@PathParam("name") String name) {
        return assets.find(name)
                .map(asset -> Response.ok(asset.bytes()).type(asset.contentType())
                        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable").build())
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException());
    }
}
