// What an app does with a TypeScript client generated from /api/schema/
// (openapi-typescript, with openapi-fetch): `make client` compiles it with
// `tsc --strict`, so a schema the generated types cannot express, or types an
// app cannot use without casts, fails the build. It is compiled, not run.
import createClient from "openapi-fetch";

import type { components, paths } from "./schema";

type GuideDetail = components["schemas"]["GuideDetail"];

const api = createClient<paths>({ baseUrl: "https://guidance.example" });

// A reader's guide: sections, tips and the crisis lines to show beside them.
export async function guidePage(slug: string): Promise<string[]> {
    const { data, error, response } = await api.GET("/api/v1/guides/{slug}/", {
        params: { path: { slug }, query: { region: "US" } },
    });
    if (error !== undefined || data === undefined) {
        return [`${response.status}`];
    }
    const lines: string[] = [data.title, data.summary, data.json_ld.publisher.name];
    for (const section of data.sections) {
        lines.push(section.heading, ...section.tips.map((tip) => tip.lead));
        for (const subsection of section.subsections) {
            lines.push(subsection.heading);
        }
    }
    if (data.disclaimer !== null) {
        lines.push(data.disclaimer.title);
    }
    return lines.concat(data.crisis_resources.map((resource) => resource.name));
}

// Which lines to show, and whether they are the reader's own region's.
export function crisisLinesFor(guide: GuideDetail): { local: boolean; names: string[] } {
    return {
        local: true,
        names: guide.crisis_resources.map((resource) => `${resource.name}: ${resource.region}`),
    };
}

// The listed regions have lines of their own; any other country code is taken too, and
// answered with the default region's lines and region_fallback: true.
type Region = components["schemas"]["CrisisRegionEnum"];

export async function crisisResources(region: Region): Promise<boolean | undefined> {
    const { data } = await api.GET("/api/v1/crisis-resources/", {
        params: { query: { region } },
    });
    return data?.region_fallback;
}

// The guide list, newest first, a page at a time, revalidated with its ETag.
export async function guideTitles(topic?: string, etag?: string): Promise<string[]> {
    const { data, response } = await api.GET("/api/v1/guides/", {
        params: {
            query: { ordering: ["-updated_at"], page: 1, page_size: 20, topic },
            header: etag === undefined ? undefined : { "If-None-Match": etag },
        },
    });
    if (response.status === 304 || data === undefined) {
        return [];
    }
    const next: string | null = data.next;
    return data.results.map((guide) => guide.title).concat(next === null ? [] : [next]);
}

// An editing tool: a new guide, a section in it, then the guide sent for review.
export async function draftGuide(token: string): Promise<string | undefined> {
    const headers = { Authorization: `Token ${token}` };
    const created = await api.POST("/api/v1/editorial/guides/", {
        headers,
        body: { slug: "listening", title: "Listening first" },
    });
    if (created.data === undefined) {
        return created.error?.detail;
    }
    const guide = created.data;
    const version = `"${guide.fingerprint}"`;
    await api.POST("/api/v1/editorial/guides/{slug}/sections/", {
        params: { path: { slug: guide.slug }, header: { "If-Match": version } },
        headers,
        body: { heading: "Listen and validate", body: "Hear them out." },
    });
    const submitted = await api.POST("/api/v1/editorial/guides/{slug}/submit/", {
        params: { path: { slug: guide.slug } },
        headers,
        body: { change_summary: "First release." },
    });
    return submitted.data?.state;
}
