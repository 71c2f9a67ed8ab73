import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/** Files of the IDE, served from installed npm packages so it works with no internet access. */
const ASSETS: Record<string, string> = {
  'react.js': join(packageDir('react'), 'umd/react.production.min.js'),
  'react-dom.js': join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': join(packageDir('graphiql'), 'graphiql.min.css'),
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>kafkaplane GraphQL</title>
  <link rel="stylesheet" href="/graphql/ide/graphiql.css">
  <style>html, body, #ide { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="ide"></div>
  <script src="/graphql/ide/react.js"></script>
  <script src="/graphql/ide/react-dom.js"></script>
  <script src="/graphql/ide/graphiql.js"></script>
  <script>
    const url = new URL('/graphql', location.href).toString();
    const subscriptionUrl = url.replace(/^http/, 'ws');
    const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl });
    ReactDOM.createRoot(document.getElementById('ide')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: '{\\n  serverInfo {\\n    version\\n    kubernetes { mode apiServerUrl }\\n  }\\n}\\n' }),
    );
  </script>
</body>
</html>
`;

/** GraphiQL on GET /graphql for browsers (they ask for text/html); API clients pass through. */
export function ideRouter(): Router {
  const router = express.Router();
  router.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') {
      next();
      return;
    }
    res.type('html').send(PAGE);
  });
  router.get('/graphql/ide/:file', (req, res, next) => {
    const path = ASSETS[req.params.file];
    if (path === undefined) {
      next();
      return;
    }
    res.sendFile(path, { maxAge: '1h' });
  });
  return router;
}
