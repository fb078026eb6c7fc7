/** `/folders`: virtual folder CRUD. */
import type { BaseVirtualFolder } from '../../dataprovider/index.js';
import { folderToJSON } from '../../dataprovider/index.js';
import { BaseVirtualFolder as FolderSchema } from '../schemas/models.js';
import { crudRoutes } from './crud.js';
import type { ApiDeps } from './deps.js';
import type { ApiRoute } from './route.js';

export function folderRoutes(deps: ApiDeps): ApiRoute[] {
  const folders = deps.provider.folders;
  const toJSON = (folder: BaseVirtualFolder) => folderToJSON(folder, { forDump: false });
  return crudRoutes<BaseVirtualFolder>({
    collection: 'folders',
    key: 'name',
    label: 'Folder',
    one: 'folder',
    many: 'folders',
    tag: 'folders',
    schema: FolderSchema,
    permissions: {
      list: 'manage_folders',
      add: 'manage_folders',
      edit: 'manage_folders',
      del: 'manage_folders',
    },
    list: (query) => folders.list(query),
    get: (name) => folders.get(name),
    add: async (body, ctx) => {
      const folder = await folders.add(body, ctx);
      return { name: folder.name, body: toJSON(folder) };
    },
    update: async (name, body, ctx) => {
      await folders.update(name, body, ctx);
    },
    delete: async (name, ctx) => {
      await folders.delete(name, ctx);
    },
    toJSON,
  });
}
